// The web chat page: shows the places this person may see and their messages, sends what they type
// through the checked HTTP routes, and listens for the bot's messages over a WebSocket. Everything
// people wrote is put on the page as text, never as HTML.

interface Choice { value: string; label: string; style?: string }
interface Field { id: string; label: string; kind: 'short' | 'long'; required: boolean; maxLength?: number; placeholder?: string }
interface Message { id: string; place: string; owner?: string; onlyFor?: string; author: { kind: 'bot' } | { kind: 'person'; name: string }; text: string; choices?: Choice[]; attachment?: { id: string; name: string }; edited?: boolean; at: number }
interface Form { formId: string; place: string; title: string; fields: Field[] }
interface Place { id: string; kind: 'channel' | 'thread' | 'direct'; name: string; private: boolean }
interface State {
  me: { name: string; role: string; dashboard: boolean };
  csrf: string;
  defaultLocale: string;
  homePlace: string;
  places: Place[];
  messages: Message[];
  forms: Form[];
  strings: Record<string, Record<string, string>>;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let state: State;
let locale = 'en';
let current = '';
const unread = new Set<string>();
const LOCALE_KEY = 'commonground.locale';

const s = (key: string, vars: Record<string, string> = {}) => (state.strings[locale]?.[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

async function post(path: string, body: unknown, status = 'status'): Promise<boolean> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': state.csrf }, body: JSON.stringify({ ...(body as object), locale }), credentials: 'same-origin' }).catch(() => null);
  if (response?.ok) {
    $(status).textContent = '';
    return true;
  }
  const error = response ? ((await response.json().catch(() => ({}))) as { error?: string }).error : undefined;
  $(status).textContent = error ?? s('failed');
  return false;
}

function placeLabel(place: Place): string {
  if (place.kind === 'direct') return s('direct');
  if (place.kind === 'thread') return s('thread', { thread: place.name });
  return `#${place.name}`;
}

function renderChrome(): void {
  document.documentElement.lang = locale;
  document.title = s('title');
  $('title').textContent = s('title');
  $('me').textContent = s('signed_in');
  $('language-label').textContent = s('language');
  ($('language') as HTMLSelectElement).value = locale;
  $('places-title').textContent = s('places');
  $('message-label').textContent = s('message');
  document.querySelector('.skip')!.textContent = s('message');
  $('send').textContent = s('send');
  $('hint').textContent = s('hint');
  $('form-send').textContent = s('form_send');
  $('form-cancel').textContent = s('form_cancel');
  const links = $('links');
  links.replaceChildren();
  if (state.me.dashboard) {
    const a = document.createElement('a');
    a.href = `/dashboard?lang=${encodeURIComponent(locale)}`;
    a.textContent = s('dashboard');
    links.append(a);
  }
  links.setAttribute('aria-label', s('dashboard'));
}

function renderPlaces(): void {
  const list = $('places');
  list.replaceChildren(
    ...state.places.map((place) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.place = place.id;
      button.textContent = placeLabel(place) + (place.private && place.kind !== 'direct' ? ` (${s('private')})` : '');
      button.setAttribute('aria-current', String(place.id === current));
      if (unread.has(place.id)) button.classList.add('unread');
      button.addEventListener('click', () => go(place.id));
      li.append(button);
      return li;
    }),
  );
}

function renderMessage(message: Message): HTMLElement {
  const article = document.createElement('article');
  article.className = `message${message.onlyFor || message.place === 'dm' ? ' private' : ''}`;
  article.dataset.id = message.id;
  const who = document.createElement('span');
  who.className = 'who';
  who.dir = 'auto';
  who.textContent = message.author.kind === 'bot' ? s('bot') : message.author.name;
  article.append(who);
  if (message.onlyFor) {
    const note = document.createElement('span');
    note.className = 'note';
    note.textContent = `(${s('only_you')})`;
    article.append(note);
  }
  if (message.edited) {
    const note = document.createElement('span');
    note.className = 'note';
    note.textContent = ` ${s('edited')}`;
    article.append(note);
  }
  const text = document.createElement('p');
  text.className = 'text';
  // Each message reads in its own direction (Arabic, Hebrew right to left) whatever the page's.
  text.dir = 'auto';
  text.textContent = message.text;
  article.append(text);
  if (message.attachment) {
    const link = document.createElement('a');
    link.href = `/api/attachment/${encodeURIComponent(message.attachment.id)}`;
    link.textContent = s('attachment', { file: message.attachment.name });
    article.append(link);
  }
  if (message.choices?.length) {
    const group = document.createElement('div');
    group.className = 'choices';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', message.text.split('\n')[0]!.slice(0, 80));
    for (const choice of message.choices) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = choice.label;
      button.addEventListener('click', () => void post('/api/choice', { messageId: message.id, value: choice.value }));
      group.append(button);
    }
    article.append(group);
  }
  return article;
}

function renderMessages(): void {
  const box = $('messages');
  const mine = state.messages.filter((m) => m.place === current);
  box.replaceChildren(...(mine.length ? mine.map(renderMessage) : [Object.assign(document.createElement('p'), { className: 'note', textContent: s('empty') })]));
  box.scrollTop = box.scrollHeight;
}

function go(place: string): void {
  current = place;
  unread.delete(place);
  const found = state.places.find((p) => p.id === place);
  $('place-title').textContent = found ? placeLabel(found) : '';
  renderPlaces();
  renderMessages();
}

let shownForm = '';

function showForm(form: Form): void {
  const dialog = $('form-dialog') as HTMLDialogElement;
  if (dialog.open) return;
  shownForm = form.formId;
  $('form-title').textContent = form.title;
  $('form-status').textContent = '';
  const fields = $('form-fields');
  fields.replaceChildren(
    ...form.fields.map((field) => {
      const wrap = document.createElement('div');
      const label = document.createElement('label');
      label.htmlFor = `field-${field.id}`;
      label.textContent = field.label + (field.required ? ` ${s('required')}` : '');
      const input = field.kind === 'long' ? document.createElement('textarea') : document.createElement('input');
      input.id = `field-${field.id}`;
      input.name = field.id;
      input.dir = 'auto';
      input.required = field.required;
      if (field.maxLength) input.maxLength = field.maxLength;
      if (field.placeholder) input.placeholder = field.placeholder;
      wrap.append(label, input);
      return wrap;
    }),
  );
  const formEl = $('bot-form') as HTMLFormElement;
  formEl.onsubmit = async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(form.fields.map((f) => [f.id, (formEl.elements.namedItem(f.id) as HTMLInputElement).value]));
    // The dialog stays open, with what was typed, until the form has been received.
    if (!(await post('/api/form', { formId: form.formId, values }, 'form-status'))) return;
    state.forms = state.forms.filter((f) => f.formId !== form.formId);
    dialog.close();
  };
  const cancel = () => {
    state.forms = state.forms.filter((f) => f.formId !== form.formId);
    void post('/api/form/cancel', { formId: form.formId });
  };
  $('form-cancel').onclick = () => {
    cancel();
    dialog.close();
  };
  dialog.oncancel = cancel;
  dialog.showModal();
}

function receive(data: { type: string; message?: Message; form?: Form; formId?: string }): void {
  if (data.type === 'message' && data.message) {
    state.messages.push(data.message);
    if (data.message.place === current) $('messages').querySelector('p.note')?.remove();
    if (data.message.place === current) {
      $('messages').append(renderMessage(data.message));
      $('messages').scrollTop = $('messages').scrollHeight;
    } else {
      unread.add(data.message.place);
      renderPlaces();
    }
  } else if (data.type === 'edit' && data.message) {
    const i = state.messages.findIndex((m) => m.id === data.message!.id);
    if (i >= 0) state.messages[i] = data.message;
    if (data.message.place === current) renderMessages();
  } else if (data.type === 'form' && data.form) {
    state.forms.push(data.form);
    showForm(data.form);
  } else if (data.type === 'form-closed' && data.formId) {
    // Sent or put away in another tab: closed here too.
    state.forms = state.forms.filter((f) => f.formId !== data.formId);
    const dialog = $('form-dialog') as HTMLDialogElement;
    if (dialog.open && shownForm === data.formId) dialog.close();
  } else if (data.type === 'places') {
    void refreshPlaces();
  }
}

async function refreshPlaces(): Promise<void> {
  const fresh = (await (await fetch('/api/state', { credentials: 'same-origin' })).json()) as State;
  state.places = fresh.places;
  renderPlaces();
}

function listen(): void {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  socket.addEventListener('open', () => {
    document.body.dataset.live = 'true';
    $('status').textContent = '';
  });
  socket.addEventListener('message', (event) => receive(JSON.parse(String(event.data)) as { type: string }));
  socket.addEventListener('close', (event) => {
    document.body.dataset.live = 'false';
    if (event.code === 4001) return location.reload();
    $('status').textContent = s('reconnecting');
    setTimeout(() => void reconnect(), 2000);
  });
}

async function reconnect(): Promise<void> {
  const response = await fetch('/api/state', { credentials: 'same-origin' }).catch(() => null);
  if (!response?.ok) return void setTimeout(() => void reconnect(), 4000);
  state = (await response.json()) as State;
  renderPlaces();
  renderMessages();
  listen();
}

async function boot(): Promise<void> {
  const response = await fetch('/api/state', { credentials: 'same-origin' });
  if (!response.ok) return location.reload();
  state = (await response.json()) as State;
  const chosen = localStorage.getItem(LOCALE_KEY);
  const browser = navigator.languages.find((l) => /^(en|zh)/i.test(l));
  locale = chosen === 'en' || chosen === 'zh-CN' ? chosen : browser ? (/^zh/i.test(browser) ? 'zh-CN' : 'en') : state.defaultLocale;
  current = state.homePlace;
  renderChrome();
  go(current);
  listen();
  for (const form of state.forms) showForm(form);
  ($('language') as HTMLSelectElement).addEventListener('change', (event) => {
    locale = (event.target as HTMLSelectElement).value;
    localStorage.setItem(LOCALE_KEY, locale);
    renderChrome();
    go(current);
  });
  const box = $('message') as HTMLTextAreaElement;
  const send = async () => {
    const text = box.value.trim();
    if (!text) return;
    box.value = '';
    // Ready for the next line, whether sent with Enter or the Send button.
    box.focus();
    if (!(await post('/api/message', { place: current, text }))) box.value = text;
  };
  $('compose').addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  });
}

void boot();
