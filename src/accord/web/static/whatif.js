// The what-if form: the option lists follow the chosen issue and start from the actor's current position;
// only what the user changed is sent, and the answer is a before/after table; the position and feasibility
// plots are then redrawn for the changed scenario.
(() => {
  const form = document.getElementById('whatif');
  if (!form) return;
  const controls = JSON.parse(document.getElementById('whatif-controls').textContent);
  const issueOf = id => controls.issues.find(issue => issue.id === id);
  const positionOf = () => (controls.positions[form.actor.value] || {})[form.issue.value] || null;
  const element = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };

  function fill() {
    const issue = issueOf(form.issue.value);
    const position = positionOf();
    const accepted = position ? position.acceptable : issue.options.map(o => o.id);
    form.ideal.replaceChildren(element('option', '(no ideal option)'));
    form.ideal.firstChild.value = '';
    const boxes = document.getElementById('acceptable');
    boxes.replaceChildren();
    for (const option of issue.options) {
      const choice = element('option', option.label);
      choice.value = option.id;
      choice.selected = position !== null && position.ideal === option.id;
      form.ideal.appendChild(choice);
      const label = element('label');
      const box = element('input');
      box.type = 'checkbox'; box.name = 'acceptable'; box.value = option.id; box.checked = accepted.includes(option.id);
      label.append(box, ' ' + option.label);
      boxes.appendChild(label);
    }
    form.salience.value = position && position.salience !== null ? position.salience : '';
    form.capability.value = controls.capability[form.actor.value];
  }

  // The change as the API takes it: only the fields that differ from the current position.
  function change() {
    const position = positionOf();
    const issue = issueOf(form.issue.value);
    const was = position || {ideal: null, acceptable: issue.options.map(o => o.id), salience: null};
    const made = {};
    if (form.ideal.value && form.ideal.value !== was.ideal) made.ideal = form.ideal.value;
    const accepted = [...form.querySelectorAll('input[name=acceptable]:checked')].map(x => x.value);
    if (accepted.length && (accepted.length !== was.acceptable.length || accepted.some(o => !was.acceptable.includes(o))))
      made.acceptable = accepted;
    if (form.salience.value !== '' && Number(form.salience.value) !== was.salience) made.salience = Number(form.salience.value);
    const capability = form.capability.value === '' ? null : Number(form.capability.value);
    const result = {actor: form.actor.value};
    if (capability !== null && capability !== controls.capability[form.actor.value]) result.capability = capability;
    if (Object.keys(made).length) Object.assign(result, {issue: form.issue.value}, made);
    return Object.keys(result).length > 1 ? [result] : [];
  }

  // costs read as the terminal and the report print them (accord.report.numbers.amount: 11,838)
  const amount = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0, roundingMode: 'halfEven'});

  function concession(state) {
    if (state.feasible) return 'none needed';
    return state.concession ? `${state.concession.text} (cost ${amount.format(state.concession.cost)})`
                            : 'no concession opens a deal';
  }

  function count(state) { return `${state.feasible}${state.feasible_more ? '+' : ''}`; }

  function table(answer) {
    const {before, after, moved} = answer;
    const body = element('tbody');
    const row = (what, a, b, changed, cls) => {
      const tr = element('tr', null, (changed ? 'moved ' : '') + (cls || ''));
      tr.append(element(cls === 'group' ? 'th' : 'td', what), element('td', a), element('td', b));
      body.appendChild(tr);
    };
    row('Feasible deals', count(before), count(after), before.feasible !== after.feasible);
    row('Direct clashes', before.clashes, after.clashes, before.clashes !== after.clashes);
    row('Cheapest concession that opens a deal', concession(before), concession(after), concession(before) !== concession(after));
    const kind = state => state.deal_kind === 'feasible' ? 'the best feasible deal' : state.deal_kind === 'opened' ? 'the deal the concession opens' : 'no deal';
    row('Top deal', kind(before), kind(after), kind(before) !== kind(after), 'group');
    const issues = after.forecast.map(r => r.issue);
    const labelIn = (rows, issue) => (rows.find(r => r.issue === issue) || {}).label || '';
    for (const issue of issues) {
      const title = issueOf(issue).title;
      row(title, labelIn(before.deal, issue), labelIn(after.deal, issue), moved.deal.includes(issue));
    }
    row('Forecast (compromise model)', '', '', false, 'group');
    for (const issue of issues)
      row(issueOf(issue).title, labelIn(before.forecast, issue), labelIn(after.forecast, issue), moved.forecast.includes(issue));
    const head = element('thead');
    const tr = element('tr');
    tr.append(element('th', ''), element('th', 'before'), element('th', 'after'));
    head.appendChild(tr);
    const out = element('table', null, 'beforeafter');
    out.append(head, body);
    const box = element('div', null, 'scroll');
    box.appendChild(out);
    return box;
  }

  // Plot HTML from the server carries the script that draws it; scripts set through innerHTML do not run.
  function place(target, html) {
    target.innerHTML = html;
    for (const old of target.querySelectorAll('script')) {
      const fresh = document.createElement('script');
      fresh.textContent = old.textContent;
      old.replaceWith(fresh);
    }
  }

  async function post(url, changes) {
    const response = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                                       body: JSON.stringify({changes})});
    return [response.ok, await response.json()];
  }

  async function recompute(event) {
    event.preventDefault();
    const status = document.getElementById('whatif-status');
    const out = document.getElementById('whatif-result');
    const changes = change();
    status.textContent = 'recomputing...';
    const started = performance.now();
    const [ok, answer] = await post(form.action, changes);
    out.replaceChildren();
    if (!ok) { out.appendChild(element('p', answer.error, 'error')); status.textContent = ''; return; }
    out.append(element('p', changes.length ? 'Before and after the change (changed rows in bold):'
                                           : 'Nothing changed: the form holds the current position.'), table(answer));
    status.textContent = `${Math.round(performance.now() - started)} ms`;
    const [drawn, plots] = await post(form.action + '/plots', changes);
    if (drawn) {
      place(document.getElementById('positions-plots'), plots.positions);
      place(document.getElementById('feasibility-plot'), plots.feasibility);
      document.getElementById('positions-title').textContent = changes.length ? 'Positions (after the what-if)' : 'Positions';
    }
  }

  form.actor.addEventListener('change', fill);
  form.issue.addEventListener('change', fill);
  form.addEventListener('submit', recompute);
  fill();
})();
