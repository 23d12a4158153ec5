// afbryd's case page (/sag) and operator worklist (/arbejdsliste). Plain JavaScript, no framework.
// All data comes from the token-checked JSON routes (client/api/pages.ts); the token is kept in this
// tab's sessionStorage only. Everything is written with textContent: no data is ever parsed as HTML.

const TOKEN_KEY = 'afbryd-token';
const WEEKDAYS = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];
const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
const ROLE_DA = { operator: 'driftsmedarbejder', 'customer-service': 'kundeservice', billing: 'fakturering', auditor: 'revisor', datahub: 'DataHub' };
const STATUS_DA = { RUNNING: 'I gang', COMPLETED: 'Afsluttet', FAILED: 'Fejlet', TIMED_OUT: 'Tidsgrænse overskredet', TERMINATED: 'Stoppet', CANCELED: 'Annulleret', ARCHIVED: 'Arkiveret' };
const CHANNEL_DA = { digital: 'Digital Post', letter: 'brev med posten' };

const $ = (id) => document.getElementById(id);

/** Builds an element: el('p', { class: 'x' }, 'text', child, …). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false || v === null) continue;
    if (k === 'onclick') node.addEventListener('click', v);
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function capitalize(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function danishDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[wd]} den ${d}. ${MONTHS[m - 1]} ${y}`;
}

function shortDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d}. ${MONTHS[m - 1].slice(0, 3)}. ${y}`;
}

function danishTime(instant) {
  if (!instant) return '';
  const d = new Date(instant);
  return d.toLocaleString('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'medium', timeStyle: 'short' });
}

function danishAmount(ore) {
  const abs = Math.abs(Math.trunc(ore));
  const kr = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = String(abs % 100).padStart(2, '0');
  return `${ore < 0 ? '-' : ''}${kr},${rest} kr`;
}

function todayCopenhagen() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}

function addDays(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// The API

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, init = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { ...(init.headers ?? {}), authorization: `Bearer ${token}` };
  if (init.body) headers['content-type'] = 'application/json';
  const res = await fetch(path, { ...init, headers });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof body === 'object' ? body : { message: body });
  return body;
}

/** A failed call in Danish. */
function problemText(err) {
  if (!(err instanceof ApiError)) return 'Der opstod en fejl. Prøv igen om lidt.';
  switch (err.status) {
    case 401:
      return 'Adgangsnøglen er ikke gyldig. Log ind igen.';
    case 403:
      return `Din rolle (${ROLE_DA[session?.role] ?? session?.role ?? 'ukendt'}) må ikke gøre dette. Bed en driftsmedarbejder om det.`;
    case 404:
      return 'Sagen findes ikke.';
    case 409:
      return `Sagen afviste handlingen: ${err.body?.reason ?? err.body?.message ?? 'ukendt årsag'}.`;
    case 422:
      return `Oplysningerne er ikke gyldige: ${(err.body?.issues ?? []).map((i) => `${i.path || i.in}: ${i.message}`).join('; ') || err.message}.`;
    case 503:
      return 'Systemet svarer ikke lige nu. Prøv igen om lidt.';
    default:
      return `Der opstod en fejl (${err.status}). Prøv igen om lidt.`;
  }
}

function setStatus(text, kind = 'info') {
  const s = $('status');
  s.textContent = text;
  s.dataset.kind = kind;
}

// ---------------------------------------------------------------------------------------------
// Signing in

let session;

async function signIn() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return showSignIn();
  try {
    session = await api('/session');
  } catch (err) {
    sessionStorage.removeItem(TOKEN_KEY);
    return showSignIn(err instanceof ApiError && err.status === 401 ? 'Adgangsnøglen er ikke gyldig.' : problemText(err));
  }
  $('signin').hidden = true;
  $('app').hidden = false;
  const who = $('who');
  who.replaceChildren(
    el('span', { text: `Logget ind som ${session.actor} (${ROLE_DA[session.role] ?? session.role})` }),
    el('button', { type: 'button', class: 'link', onclick: () => { sessionStorage.removeItem(TOKEN_KEY); location.reload(); } }, 'Log ud'),
  );
  return true;
}

function showSignIn(message = '') {
  $('signin').hidden = false;
  $('app').hidden = true;
  $('signin-error').textContent = message;
  $('token').focus();
  return false;
}

function may(eventType) {
  return session?.caseEvents?.includes(eventType) === true;
}

// ---------------------------------------------------------------------------------------------
// Confirmation

/**
 * Asks before an action. `fields`: [{ id, label, value, required, multiline, hint }]. Resolves with the
 * fields' values, or undefined when cancelled.
 */
function confirmAction(title, text, fields = [], yes = 'Ja') {
  const dialog = $('confirm');
  $('confirm-h').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-yes').textContent = yes;
  const box = $('confirm-fields');
  box.replaceChildren(
    ...fields.map((f) =>
      el(
        'div',
        { class: 'field' },
        el('label', { for: `cf-${f.id}`, text: f.label }),
        f.hint ? el('p', { class: 'hint', id: `cf-${f.id}-hint`, text: f.hint }) : null,
        el(f.multiline ? 'textarea' : 'input', {
          id: `cf-${f.id}`,
          name: f.id,
          required: f.required === true,
          maxlength: 500,
          rows: f.multiline ? 3 : undefined,
          'aria-describedby': f.hint ? `cf-${f.id}-hint` : undefined,
        }),
      ),
    ),
  );
  for (const f of fields) if (f.value) $(`cf-${f.id}`).value = f.value;
  return new Promise((resolve) => {
    const form = $('confirm-form');
    const done = (result) => {
      form.removeEventListener('submit', onSubmit);
      $('confirm-no').removeEventListener('click', onNo);
      dialog.removeEventListener('cancel', onNo);
      dialog.close();
      resolve(result);
    };
    const onSubmit = (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      done(Object.fromEntries(fields.map((f) => [f.id, $(`cf-${f.id}`).value.trim()])));
    };
    const onNo = (e) => {
      e?.preventDefault?.();
      done(undefined);
    };
    form.addEventListener('submit', onSubmit);
    $('confirm-no').addEventListener('click', onNo);
    dialog.addEventListener('cancel', onNo);
    dialog.showModal();
    (fields.length ? $(`cf-${fields[0].id}`) : $('confirm-yes')).focus();
  });
}

/** Sends an event to a case after confirmation; answers true when it was applied. */
async function sendEvent(caseId, event, successText) {
  try {
    const outcome = await api(`/cases/${encodeURIComponent(caseId)}/events`, {
      method: 'POST',
      body: JSON.stringify({ messageId: `page:${crypto.randomUUID()}`, ...event }),
    });
    setStatus(outcome.outcome === 'duplicate' ? 'Det var allerede registreret.' : successText, 'ok');
    return true;
  } catch (err) {
    setStatus(problemText(err), 'error');
    return false;
  }
}

/** The buttons that clear an attention reason (used on both pages). */
function attentionActions(caseId, reason, after) {
  const buttons = [];
  if (reason.clearedBy === 'retryStep' && may('retryStep')) {
    buttons.push(
      el('button', {
        type: 'button',
        onclick: async () => {
          if (!(await confirmAction('Prøv trinnet igen', `Prøv det stoppede trin igen i sag ${caseId}? Gør det først, når årsagen er rettet.`, [], 'Ja, prøv igen'))) return;
          if (await sendEvent(caseId, { type: 'retryStep' }, 'Trinnet prøves igen.')) after();
        },
      }, 'Prøv trinnet igen'),
    );
  }
  if (reason.clearedBy === 'taskDone' && reason.taskId && may('taskDone')) {
    buttons.push(
      el('button', {
        type: 'button',
        onclick: async () => {
          const v = await confirmAction('Opgave udført', `Markér opgaven ${reason.taskId} i sag ${caseId} som udført?`, [{ id: 'note', label: 'Note (ingen personoplysninger)', multiline: true }], 'Ja, udført');
          if (!v) return;
          if (await sendEvent(caseId, { type: 'taskDone', taskId: reason.taskId, ...(v.note ? { note: v.note } : {}) }, 'Opgaven er markeret som udført.')) after();
        },
      }, 'Markér opgaven som udført'),
    );
  }
  if (reason.clearedBy === 'proceedBelowMinimum' && may('proceedBelowMinimum')) {
    // RULES 11 (release 0.6.10): a case held at the reminders below the minimum arrears.
    buttons.push(
      el('button', {
        type: 'button',
        onclick: async () => {
          const v = await confirmAction(
            'Send videre til krav om sikkerhedsstillelse',
            `Send sag ${caseId} videre til krav om sikkerhedsstillelse nu, selv om restancen er under mindstebeløbet? Kravet sendes med det samme, og fristen regnes fra i dag.`,
            [{ id: 'note', label: 'Hvorfor sendes sagen videre?', hint: 'Kort note til kolleger. Ingen personoplysninger (navn, adresse, CPR, e-mail, telefon).', required: true, multiline: true }],
            'Ja, send videre',
          );
          if (!v) return;
          if (await sendEvent(caseId, { type: 'proceedBelowMinimum', note: v.note }, 'Sagen er sendt videre til krav om sikkerhedsstillelse.')) after();
        },
      }, 'Send videre til krav om sikkerhedsstillelse'),
    );
  }
  if (reason.clearedBy === 'reopeningInformationGiven' && may('reopeningInformationGiven')) {
    buttons.push(reopeningInfoButton(caseId, after));
  }
  if (may('acknowledgeAttention') && reason.code !== 'flagged-in-version-1') {
    buttons.push(
      el('button', {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          const v = await confirmAction(
            'Kvittér for årsagen',
            `Kvittér for "${reason.text}" i sag ${caseId}? Årsagen fjernes fra listen.`,
            [{ id: 'note', label: 'Hvordan er det håndteret?', hint: 'Kort note til kolleger. Ingen personoplysninger (navn, adresse, CPR, e-mail, telefon).', required: true, multiline: true }],
            'Ja, kvittér',
          );
          if (!v) return;
          if (await sendEvent(caseId, { type: 'acknowledgeAttention', code: reason.code, ...(reason.ref ? { ref: reason.ref } : {}), note: v.note }, 'Der er kvitteret, og årsagen er fjernet.')) after();
        },
      }, 'Kvittér med note'),
    );
  }
  return buttons;
}

function reopeningInfoButton(caseId, after) {
  return el('button', {
    type: 'button',
    onclick: async () => {
      const v = await confirmAction(
        'Oplysninger om genåbning givet',
        `Registrér, at kunden i sag ${caseId} har fået oplysningerne om genåbning (sluk apparater, aktivér måleren ved fjerngenåbning)?`,
        [{ id: 'note', label: 'Hvordan blev de givet?', value: 'Givet telefonisk', multiline: false, hint: 'Ingen personoplysninger.' }],
        'Ja, registrér',
      );
      if (!v) return;
      if (await sendEvent(caseId, { type: 'reopeningInformationGiven', ...(v.note ? { note: v.note } : {}) }, 'Det er registreret, at oplysningerne om genåbning er givet.')) after();
    },
  }, 'Registrér: oplysninger om genåbning givet');
}

// ---------------------------------------------------------------------------------------------
// The case page

async function search(q) {
  $('case').hidden = true;
  $('results').hidden = true;
  setStatus('Søger …');
  try {
    const found = await api(`/search?q=${encodeURIComponent(q)}`);
    // A case number whose check character does not fit (and nothing else found): say it is mistyped.
    if (found.cases.length === 0 && found.problem) return setStatus(found.problem.da, 'error');
    if (found.cases.length === 0) return setStatus(`Ingen sag fundet for "${q}".`, 'error');
    const open = found.cases.filter((c) => c.status === 'RUNNING');
    if (found.cases.length === 1 || open.length === 1) return showCase((open[0] ?? found.cases[0]).id);
    setStatus(`${found.cases.length} sager fundet.`);
    const rows = found.cases.map((c) =>
      el('tr', {},
        el('td', {}, el('a', { href: `/sag?id=${encodeURIComponent(c.id)}`, 'data-case': c.id }, c.id)),
        el('td', { text: c.customerId ?? '' }),
        el('td', { text: c.meteringPointId ?? '' }),
        el('td', { text: STATUS_DA[c.status] ?? c.status }),
        el('td', { text: c.stage ?? '' }),
      ),
    );
    $('results-body').replaceChildren(
      el('table', {},
        el('caption', { class: 'sr-only', text: 'Fundne sager' }),
        el('thead', {}, el('tr', {}, ...['Sag', 'Kundenummer', 'Aftagenummer', 'Status', 'Stadie'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, rows),
      ),
    );
    $('results').hidden = false;
  } catch (err) {
    setStatus(
      err instanceof ApiError && err.status === 422
        ? 'Søg på sagsnummer, kundenummer, aftagenummer eller fakturanummer — aldrig på CPR-nummer, e-mail eller telefonnummer.'
        : problemText(err),
      'error',
    );
  }
}

function section(id, title, ...content) {
  return el('section', { class: 'answer-part', 'aria-labelledby': id }, el('h3', { id, text: title }), ...content);
}

function list(items) {
  return el('ul', {}, items.map((t) => el('li', { text: t })));
}

async function showCase(id, keepStatus = false) {
  if (!keepStatus) setStatus('Henter sagen …');
  let c;
  try {
    c = await api(`/cases/${encodeURIComponent(id)}/answer`);
  } catch (err) {
    return setStatus(problemText(err), 'error');
  }
  if (!keepStatus) setStatus('');
  history.replaceState(null, '', `/sag?id=${encodeURIComponent(id)}`);
  const a = c.answer;
  const reload = () => showCase(id, true);
  const article = $('case');
  const facts = el('dl', { class: 'facts' },
    el('dt', { text: 'Kunde' }), el('dd', { 'data-testid': 'customer' }, c.customerName ? `${c.customerName} (kundenummer ${c.customerId})` : `Kundenummer ${c.customerId}`),
    el('dt', { text: 'Aftagenummer (målepunkts-ID)' }), el('dd', { text: c.meteringPointId }),
    el('dt', { text: 'Sagsnr.' }), el('dd', { 'data-testid': 'case-number', text: c.caseNumber ?? 'Intet endnu (gives med det første brev)' }),
    el('dt', { text: 'Sags-id (internt)' }), el('dd', { text: c.caseId }),
    el('dt', { text: 'Skyldigt beløb nu' }), el('dd', { 'data-testid': 'owed', text: a.feesOre > 0 ? `${danishAmount(a.owedOre)} (heraf gebyrer ${danishAmount(a.feesOre)})` : danishAmount(a.owedOre) }),
    el('dt', { text: 'Kunde­type' }), el('dd', { text: c.customerClass === 'household' ? 'Privat' : 'Erhverv' }),
  );

  const actions = [];
  if (a.open && may('complaintFiled')) {
    actions.push(el('button', {
      type: 'button',
      onclick: async () => {
        const v = await confirmAction(
          'Registrér klage',
          `Registrér en klage i sag ${c.caseId}? En klage stopper ophævelse og afbrydelse, mens den behandles. En anmodning om afbrydelse annulleres.`,
          [
            { id: 'complaintId', label: 'Klagens nummer', value: `KL-${todayCopenhagen().replaceAll('-', '')}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`, required: true },
            { id: 'note', label: 'Hvad handler klagen om?', hint: 'Kort note. Ingen personoplysninger (navn, adresse, CPR, e-mail, telefon).', required: true, multiline: true },
          ],
          'Ja, registrér klagen',
        );
        if (!v) return;
        if (await sendEvent(c.id, { type: 'complaintFiled', complaintId: v.complaintId, note: v.note }, 'Klagen er registreret. Sagen står nu i bero.')) reload();
      },
    }, 'Registrér klage'));
  }
  if (a.open && may('reopeningInformationGiven')) actions.push(reopeningInfoButton(c.id, reload));

  const holds = a.holds.map((h) =>
    el('li', {},
      `${h.text} (siden ${danishTime(h.since)})`,
      ' ',
      h.kind === 'operator' && may('release')
        ? el('button', {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              if (!(await confirmAction('Ophæv pausen', `Ophæv pausen i sag ${c.caseId}? Det trin, der var i gang, gentages med nye frister.`, [], 'Ja, ophæv'))) return;
              if (await sendEvent(c.id, { type: 'release', holdId: h.holdId }, 'Pausen er ophævet.')) reload();
            },
          }, 'Ophæv pausen')
        : null,
    ),
  );

  const attention = a.attention.map((r) =>
    el('li', {}, el('p', {}, el('strong', { text: capitalize(r.text) })), r.detail ? el('p', { class: 'hint', text: `Teknisk detalje: ${r.detail}` }) : null, el('p', { class: 'hint', text: `Sådan: ${r.action}` }), el('div', { class: 'row' }, attentionActions(c.id, r, reload))),
  );

  const letters = c.letters.map((l, i) =>
    el('details', { class: 'letter' },
      el('summary', {}, `${l.kindText ?? l.kind}${l.subject ? `: ${l.subject}` : ''} — sendt ${danishDate(l.sentDate)} med ${CHANNEL_DA[l.channel] ?? l.channel}, modtaget ${danishDate(l.receivedDate)}`),
      l.body ? el('pre', { class: 'letter-body', tabindex: 0, 'aria-label': `Brev ${i + 1}` , text: l.body }) : el('p', { class: 'hint', text: l.imported ? 'Sendt af det tidligere system: teksten findes dér, ikke i afbryds bevisarkiv.' : 'Brevets tekst findes ikke i bevisarkivet.' }),
    ),
  );

  const timeline = el('table', { class: 'timeline' },
    el('caption', { class: 'sr-only', text: 'Sagens forløb' }),
    el('thead', {}, el('tr', {}, ...['Tidspunkt', 'Hvad skete der', 'Retsgrundlag', 'Udløst af'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, c.timeline.map((t) =>
      el('tr', {}, el('td', { class: 'nowrap', text: danishTime(t.at) }), el('td', { lang: t.lang === 'en' ? 'en' : undefined, text: t.text }), el('td', { text: t.basis ?? '' }), el('td', { class: 'nowrap', text: t.actor ? `${t.causeText} (${t.actor})` : t.causeText })),
    )),
  );

  article.replaceChildren(
    ...[
    el('h2', { id: 'case-h' }, `Sag ${c.caseId}`, el('span', { class: `badge ${a.open ? 'open' : 'closed'}`, text: a.stageLabel })),
    facts,
    el('section', { class: 'answer', 'aria-labelledby': 'answer-h' },
      el('h3', { id: 'answer-h', class: 'lead', text: 'Svar til kunden' }),
      section('a-standing', 'Hvor står sagen, og hvorfor', el('p', { 'data-testid': 'standing', text: a.standing })),
      section('a-next', 'Næste skridt', el('p', { 'data-testid': 'next', text: a.nextStep })),
      section('a-cutoff', 'Skæringsdato og netselskabets frist', el('p', { 'data-testid': 'cutoff', text: a.cutoff })),
      section('a-disc', 'Er kunden afbrudt for restance?', el('p', { 'data-testid': 'disconnected', class: a.disconnected ? 'warn' : '', text: a.disconnectedText })),
      section('a-stop', 'Det stopper sagen i dag', el('ul', { 'data-testid': 'stops' }, a.whatStopsIt.map((t) => el('li', { text: t })))),
      section('a-reopen', 'Sådan får kunden strømmen igen, og hvor hurtigt', list(a.reopening)),
    ),
    holds.length ? section('a-holds', 'Pauser', el('ul', { 'data-testid': 'holds' }, holds)) : null,
    attention.length ? section('a-attention', 'Kræver handling', el('ul', { class: 'reasons' }, attention)) : null,
    actions.length ? section('a-actions', 'Handlinger', el('div', { class: 'row' }, actions)) : null,
    section('a-letters', `Breve (${c.letters.length}) — som kunden modtog dem`, letters.length ? letters : el('p', { text: 'Der er ikke sendt breve endnu.' })),
    section('a-timeline', 'Forløb med retsgrundlag', timeline),
    ].filter(Boolean),
  );
  article.hidden = false;
  $('results').hidden = true;
}

function initCasePage() {
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = $('q').value.trim();
    if (!q) return;
    history.replaceState(null, '', `/sag?q=${encodeURIComponent(q)}`);
    void search(q);
  });
  $('results-body').addEventListener('click', (e) => {
    const a = e.target.closest('a[data-case]');
    if (!a) return;
    e.preventDefault();
    void showCase(a.dataset.case);
  });
  const params = new URLSearchParams(location.search);
  if (params.get('id')) void showCase(params.get('id'));
  else if (params.get('q')) {
    $('q').value = params.get('q');
    void search(params.get('q'));
  } else $('q').focus();
}

// ---------------------------------------------------------------------------------------------
// The worklist

const LISTS = ['attention', 'failed', 'overdue', 'cutoffs', 'due'];
let current = { list: 'attention', from: undefined, to: undefined };

function listQuery() {
  const p = new URLSearchParams();
  if (current.from) p.set('from', current.from);
  if (current.to) p.set('to', current.to);
  const s = p.toString();
  return s ? `?${s}` : '';
}

function caseLink(row) {
  return el('a', { href: `/sag?id=${encodeURIComponent(row.id)}` }, row.caseId ?? row.id);
}

async function loadList(keepStatus = false) {
  const { list } = current;
  for (const a of document.querySelectorAll('nav.tabs a')) {
    if (a.dataset.list === list) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const ranged = list === 'cutoffs' || list === 'due';
  $('range-form').hidden = !ranged;
  if (ranged) {
    current.from ??= todayCopenhagen();
    current.to ??= current.from;
    $('from').value = current.from;
    $('to').value = current.to;
  }
  const url = `/arbejdsliste?liste=${list}${ranged ? `&fra=${current.from}&til=${current.to}` : ''}`;
  history.replaceState(null, '', url);
  if (!keepStatus) setStatus('Henter listen …');
  const body = $('list-body');
  let w;
  try {
    w = await api(`/worklist/${list}${ranged ? listQuery() : ''}`);
  } catch (err) {
    body.replaceChildren();
    return setStatus(problemText(err), 'error');
  }
  $('list-h').textContent = ranged
    ? `${w.title}: ${w.from === w.to ? danishDate(w.from) : `${danishDate(w.from)} til ${danishDate(w.to)}`}`
    : w.title;
  if (!keepStatus) setStatus(`${w.rows.length} ${w.rows.length === 1 ? 'sag' : 'sager'}${w.truncated ? ' (flere findes; listen er afkortet)' : ''}.`);
  if (w.rows.length === 0) return body.replaceChildren(el('p', { class: 'empty', text: 'Ingen sager på listen.' }));
  const reload = () => loadList(true);
  let head;
  let rows;
  if (list === 'attention') {
    head = ['Sag', 'Kunde', 'Stadie', 'Årsag', 'Handling'];
    rows = w.rows.flatMap((r) =>
      (r.reasons ?? []).map((x) =>
        el('tr', { 'data-case': r.id, 'data-reason': x.code },
          el('td', {}, caseLink(r)),
          el('td', { class: 'nowrap', text: r.customerId ?? '' }),
          el('td', { text: r.stageLabel ?? r.stage ?? '' }),
          el('td', {}, el('p', { text: capitalize(x.text) }), x.detail ? el('p', { class: 'hint', text: `Teknisk detalje: ${x.detail}` }) : null, el('p', { class: 'hint', text: `Siden ${danishTime(x.since)}` })),
          el('td', {}, el('p', { class: 'hint', text: x.action }), el('div', { class: 'row' }, attentionActions(r.id, x, reload))),
        ),
      ),
    );
  } else if (list === 'failed') {
    head = ['Sag', 'Kunde', 'Status', 'Sluttede', 'Sådan genoprettes den'];
    rows = w.rows.map((r) =>
      el('tr', { 'data-case': r.id },
        el('td', { text: r.id }),
        el('td', { text: r.customerId ?? '' }),
        el('td', { text: STATUS_DA[r.status] ?? r.status }),
        el('td', { text: danishTime(r.closeTime) }),
        el('td', { class: 'recovery', text: r.recovery ?? '' }),
      ),
    );
  } else {
    head = ['Sag', 'Kunde', 'Stadie', 'Beløb', 'Skæringsdato', 'Netselskabets frist', 'Næste skridt'];
    rows = w.rows.map((r) =>
      el('tr', { 'data-case': r.id },
        el('td', {}, caseLink(r)),
        el('td', { class: 'nowrap', text: r.customerId ?? '' }),
        el('td', { text: r.stageLabel ?? r.stage ?? '' }),
        el('td', { class: 'num', text: r.amountText ?? '' }),
        el('td', { text: shortDate(r.cutoffDay) }),
        el('td', { text: shortDate(r.windowDeadline) }),
        el('td', { text: `${r.nextStepText ?? ''}${r.nextStepDay ? ` (${shortDate(r.nextStepDay)})` : ''}` }),
      ),
    );
  }
  body.replaceChildren(
    el('table', {},
      el('caption', { class: 'sr-only', text: w.title }),
      el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows),
    ),
  );
}

async function exportCsv() {
  const ranged = current.list === 'cutoffs' || current.list === 'due';
  try {
    const text = await api(`/worklist/${current.list}/csv${ranged ? listQuery() : ''}`);
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const a = el('a', { href: url, download: `afbryd-${current.list}-${todayCopenhagen()}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus('CSV-filen er hentet.', 'ok');
  } catch (err) {
    setStatus(problemText(err), 'error');
  }
}

function initWorklist() {
  const params = new URLSearchParams(location.search);
  const list = params.get('liste');
  current = { list: LISTS.includes(list) ? list : 'attention', from: params.get('fra') ?? undefined, to: params.get('til') ?? undefined };
  for (const a of document.querySelectorAll('nav.tabs a')) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      current = { list: a.dataset.list, from: undefined, to: undefined };
      void loadList();
    });
  }
  for (const b of document.querySelectorAll('[data-range]')) {
    b.addEventListener('click', () => {
      const today = todayCopenhagen();
      if (b.dataset.range === 'today') current = { ...current, from: today, to: today };
      else {
        const [y, m, d] = today.split('-').map(Number);
        const wd = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // 0 = Monday
        current = { ...current, from: addDays(today, -wd), to: addDays(today, 6 - wd) };
      }
      void loadList();
    });
  }
  $('range-form').addEventListener('submit', (e) => {
    e.preventDefault();
    current = { ...current, from: $('from').value, to: $('to').value };
    if (current.to < current.from) return setStatus('Slutdatoen ligger før startdatoen.', 'error');
    void loadList();
  });
  $('csv').addEventListener('click', () => void exportCsv());
  void loadList();
}

// ---------------------------------------------------------------------------------------------

$('signin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token').value = '';
  if (await signIn()) start();
});

function start() {
  if (document.body.dataset.page === 'worklist') initWorklist();
  else initCasePage();
}

if (await signIn()) start();
