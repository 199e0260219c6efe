package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// a11yScript checks the page as it is rendered and returns one line per
// failure: controls without a label, buttons and links without a name,
// text whose contrast with what is behind it is below 4.5:1 (WCAG AA for
// body text, applied to every size; disabled controls, what a disabled
// fieldset holds and the labels of disabled controls are exempt, as WCAG
// exempts inactive components), and positive tabindex values, which
// break the reading order. Colours come from the computed styles; a
// transparent background is looked for up the tree, and semi-transparent
// layers are composited on the way (white under everything).
const a11yScript = `(() => {
  const out = [];
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  const describe = e => {
    let s = e.tagName.toLowerCase();
    if (e.id) s += "#" + e.id;
    else if (e.name) s += "[name=" + e.name + "]";
    else if (e.className && typeof e.className === "string") s += "." + e.className.trim().split(/\s+/).join(".");
    const t = (e.textContent || "").trim().slice(0, 30);
    return t ? s + " \"" + t + "\"" : s;
  };
  const byIds = ids => ids.split(/\s+/).map(id => document.getElementById(id)).filter(Boolean)
    .map(e => e.textContent.trim()).join(" ").trim();

  // Form controls: a <label>, aria-label or aria-labelledby.
  document.querySelectorAll("input, select, textarea").forEach(e => {
    const type = (e.getAttribute("type") || "").toLowerCase();
    if (["hidden", "submit", "button", "reset", "image"].includes(type)) return;
    const labelled = (e.labels && Array.from(e.labels).some(l => l.textContent.trim())) ||
      (e.getAttribute("aria-label") || "").trim() ||
      (e.getAttribute("aria-labelledby") && byIds(e.getAttribute("aria-labelledby")));
    if (!labelled) out.push("no label: " + describe(e));
  });

  // Buttons and links: an accessible name.
  document.querySelectorAll("button, a[href], input[type=submit], input[type=button], [role=button]").forEach(e => {
    let name = (e.getAttribute("aria-label") || "").trim() ||
      (e.getAttribute("aria-labelledby") ? byIds(e.getAttribute("aria-labelledby")) : "") ||
      (e.textContent || "").trim() || (e.getAttribute("title") || "").trim();
    if (!name && e.tagName === "INPUT") name = (e.value || "").trim();
    if (!name) name = Array.from(e.querySelectorAll("img[alt], svg[aria-label]"))
      .map(i => i.getAttribute("alt") || i.getAttribute("aria-label")).join(" ").trim();
    if (!name) out.push("no accessible name: " + describe(e));
  });

  // No positive tabindex.
  document.querySelectorAll("[tabindex]").forEach(e => {
    if (e.tabIndex > 0) out.push("positive tabindex " + e.tabIndex + ": " + describe(e));
  });

  // Contrast of every visible element that holds text of its own.
  const parse = c => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, under) => {
    const a = top.a + under.a * (1 - top.a);
    if (a === 0) return {r: 0, g: 0, b: 0, a: 0};
    const mix = k => (top[k] * top.a + under[k] * under.a * (1 - top.a)) / a;
    return {r: mix("r"), g: mix("g"), b: mix("b"), a};
  };
  const background = e => {
    const layers = [];
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let bg = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const lum = c => {
    const ch = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  // Inactive: a control that is disabled, inside a disabled fieldset (but
  // not its first legend, which stays active), under aria-disabled="true",
  // or the label of a disabled control.
  const controls = ["BUTTON", "INPUT", "SELECT", "TEXTAREA", "OPTGROUP", "OPTION", "FIELDSET"];
  const inactive = e => {
    for (let n = e, prev = null; n && n.nodeType === 1; prev = n, n = n.parentElement) {
      if (n.getAttribute("aria-disabled") === "true") return true;
      if (!n.hasAttribute("disabled") || !controls.includes(n.tagName)) continue;
      if (n.tagName !== "FIELDSET" || !prev || prev !== n.querySelector(":scope > legend")) return true;
    }
    const label = e.closest("label");
    return !!(label && label.control && label.control.disabled);
  };
  document.querySelectorAll("body *").forEach(e => {
    if (["SCRIPT", "STYLE", "NOSCRIPT", "OPTION"].includes(e.tagName) || !visible(e) || inactive(e)) return;
    const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) return;
    const r = e.getBoundingClientRect();
    if (r.right < 0 || r.bottom < 0) return; // moved off screen (the skip link until focused)
    const bg = background(e);
    const fg = over(parse(getComputedStyle(e).color) || {r: 0, g: 0, b: 0, a: 1}, bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) out.push("contrast " + ratio.toFixed(2) + ":1 (" + getComputedStyle(e).color + " on rgb(" +
      [bg.r, bg.g, bg.b].map(Math.round).join(", ") + ")): " + describe(e));
  });
  return out;
})()`

// checkA11y runs the accessibility checks on the page the tab shows and
// fails the test for each problem found (page names the page in the
// messages). It also reports the console errors and uncaught exceptions a
// watcher from watchConsole caught so far (nil: none watched).
func checkA11y(t testing.TB, ctx context.Context, page string, console *consoleWatch) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yScript))
	if err != nil {
		t.Fatalf("%s: accessibility checks: %v", page, err)
	}
	for _, p := range problems {
		t.Errorf("%s: accessibility: %s", page, p)
	}
	// After the other checks: walking with Tab moves the focus and the
	// scroll, which would change what the contrast check sees.
	unreached, err := keyboardUnreachable(ctx)
	if err != nil {
		t.Fatalf("%s: keyboard walk: %v", page, err)
	}
	for _, u := range unreached {
		t.Errorf("%s: accessibility: not reachable by Tab: %s", page, u)
	}
	if console != nil {
		for _, e := range console.take() {
			t.Errorf("%s: console: %s", page, e)
		}
	}
}

// kbListScript marks every visible, enabled interactive element with
// data-kb (its index) and returns how many there are. Radio buttons of one
// group share an index: Tab enters a group once and arrows move within it.
// Focus is then put back at the top of the document for the walk.
const kbListScript = `(() => {
  // checkVisibility also knows the content of a closed <details>.
  const visible = e => e.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true});
  const groups = new Map();
  let n = 0;
  document.querySelectorAll("a[href], button, input, select, textarea, summary").forEach(e => {
    e.removeAttribute("data-kb");
    // Disabled (itself or by its fieldset): out of the Tab order by design.
    if (e.matches(":disabled") || (e.type || "").toLowerCase() === "hidden" || !visible(e)) return;
    let i;
    if (e.type === "radio" && e.name) {
      const g = (e.form ? e.form.id || e.form.action : "") + "|" + e.name;
      if (!groups.has(g)) groups.set(g, n++);
      i = groups.get(g);
    } else i = n++;
    e.setAttribute("data-kb", String(i));
  });
  if (document.activeElement) document.activeElement.blur();
  window.scrollTo(0, 0);
  return n;
})()`

// kbDescribeScript names the marked elements whose index is not in the
// reached list (given as JSON), and removes the marks.
const kbDescribeScript = `((reached) => {
  const out = [];
  document.querySelectorAll("[data-kb]").forEach(e => {
    if (!reached.includes(Number(e.getAttribute("data-kb")))) {
      let s = e.tagName.toLowerCase();
      if (e.id) s += "#" + e.id; else if (e.name) s += "[name=" + e.name + "]";
      const t = (e.textContent || e.value || "").trim().slice(0, 30);
      out.push(t ? s + " \"" + t + "\"" : s);
    }
    e.removeAttribute("data-kb");
  });
  if (document.activeElement) document.activeElement.blur();
  window.scrollTo(0, 0);
  return out;
})`

// keyboardUnreachable presses Tab through the page, as a keyboard user
// does, until the focus comes back round (or enough presses for every
// control and then some), and returns the visible interactive elements it
// never reached: a tabindex of -1, a control only a mouse can open.
func keyboardUnreachable(ctx context.Context) ([]string, error) {
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](kbListScript))
	if err != nil {
		return nil, fmt.Errorf("list the controls: %w", err)
	}
	reached := map[int]bool{}
	first := ""
	for press := 0; press < n+10 && len(reached) < n; press++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			return nil, fmt.Errorf("press Tab: %w", err)
		}
		at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.activeElement && document.activeElement.getAttribute("data-kb")) || ""`))
		if err != nil {
			return nil, fmt.Errorf("read the focus: %w", err)
		}
		if at == "" {
			continue
		}
		if at == first {
			break // round once
		}
		if first == "" {
			first = at
		}
		i, err := strconv.Atoi(at)
		if err != nil {
			return nil, fmt.Errorf("focus mark %q: %w", at, err)
		}
		reached[i] = true
	}
	list := make([]int, 0, len(reached))
	for i := range reached {
		list = append(list, i)
	}
	js, _ := json.Marshal(list)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](kbDescribeScript+"("+string(js)+")"))
	if err != nil {
		return nil, fmt.Errorf("name the unreached: %w", err)
	}
	return out, nil
}

// a11y runs checkA11y on the page the phone shows, with the console errors
// its tab logged since the last check.
func (p *phone) a11y(page string) {
	p.t.Helper()
	checkA11y(p.t, p.ctx, p.who+", "+page, p.console)
}

// consoleWatch gathers a tab's console errors and uncaught exceptions.
type consoleWatch struct {
	mu   sync.Mutex
	errs []string
}

// watchConsole starts gathering the console errors of the tab of ctx.
func watchConsole(t testing.TB, ctx context.Context) *consoleWatch {
	t.Helper()
	w := &consoleWatch{}
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "exception: " + e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
				}
				msg = fmt.Sprintf("console.%s %s", e.Type, strings.Join(parts, " "))
			}
		}
		if msg != "" {
			w.mu.Lock()
			w.errs = append(w.errs, msg)
			w.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("watch the console: %v", err)
	}
	return w
}

// take returns what was gathered since the last call.
func (w *consoleWatch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.errs
	w.errs = nil
	return out
}

// TestA11yChecksCatchProblems shows the checks fail where they should: a
// page with one problem of each kind, and the same done right.
func TestA11yChecksCatchProblems(t *testing.T) {
	tab := startChromium(t, chromium(t), time.Minute)
	console := watchConsole(t, tab)
	bad := `<main style="background:#fff">
<input id="a"> <button></button> <a href="/x"></a> <p style="color:#999">faint</p>
<div style="background:rgba(0,0,0,.5)"><span style="color:#444">dark on dimmed white</span></div>
<span tabindex="2">jumps the queue</span>
<button tabindex="-1">Mouse only</button> <a href="/z" tabindex="-1">Skipped link</a>
<button style="color:#aaa;background:#fff">Enabled faint</button>
<fieldset disabled><legend style="color:#aaa">Faint legend</legend></fieldset>
<script>console.error("boom")</script></main>`
	good := `<main style="background:#fff">
<label for="a">Name</label><input id="a"> <input aria-label="Year"> <button><img alt="Send"></button> <a href="/x" aria-label="Next">›</a>
<p style="color:#595959">grey enough</p><span tabindex="0">focusable in order</span>
<fieldset><legend>Size</legend><label><input type="radio" name="s" value="1">S</label><label><input type="radio" name="s" value="2">M</label></fieldset>
<details><summary>More</summary><input aria-label="Hidden until opened"></details>
<button disabled style="color:#aaa;background:#fff">Disabled faint</button>
<label for="d" style="color:#aaa">Faint label of a disabled input</label><input id="d" disabled>
<fieldset disabled><legend>Off</legend><label><input type="checkbox"> <span style="color:#aaa">faint in a disabled fieldset</span></label></fieldset>
<span role="button" tabindex="0" aria-disabled="true" style="color:#aaa">Inactive</span></main>`
	run := func(html string) []string {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.Navigate("data:text/html;charset=utf-8,"+url.PathEscape(html))); err != nil {
			t.Fatal(err)
		}
		problems, err := chromedp.Run(tab, chromedp.Evaluate[[]string](a11yScript))
		if err != nil {
			t.Fatal(err)
		}
		unreached, err := keyboardUnreachable(tab)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range unreached {
			problems = append(problems, "not reachable by Tab: "+u)
		}
		return problems
	}
	got := strings.Join(run(bad), "\n")
	for _, want := range []string{"no label: input#a", "no accessible name: button", "no accessible name: a", "contrast 2.85:1", "contrast 2.", "positive tabindex 2",
		`contrast 2.32:1 (rgb(170, 170, 170) on rgb(255, 255, 255)): button "Enabled faint"`, `legend "Faint legend"`,
		`not reachable by Tab: button "Mouse only"`, `not reachable by Tab: a "Skipped link"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the checks miss %q; they found:\n%s", want, got)
		}
	}
	if errs := console.take(); len(errs) != 1 || !strings.Contains(errs[0], "boom") {
		t.Errorf("console errors %q", errs)
	}
	if p := run(good); len(p) != 0 {
		t.Errorf("a page done right fails: %q", p)
	}
}
