/** A suite cannot run here (a service it measures is not reachable); its message says what to do, in one line. */
export class BenchUnavailable extends Error {
  override name = 'BenchUnavailable';
}
