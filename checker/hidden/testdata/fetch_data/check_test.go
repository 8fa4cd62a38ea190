package fetchdata_test

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"math/rand/v2"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/futurelings/futurelings/core"
	fetchdata "github.com/futurelings/futurelings/exercises/2_state_machines/fetch_data"
)

// flMaxPolls bounds every run: a correct FetchData needs three polls.
const flMaxPolls = 6

var flPages = []struct{ host, path string }{
	{"example.com", "docs"}, {"futurelings.dev", "lesson-2"}, {"a.b", ""},
	{"localhost:8080", "api/v1/items?limit=3"}, {"example.org", "index.html"},
	{"go.dev", "doc/effective_go"}, {"x", "y"}, {"rust-lang.org", "learn"},
}

// flStamp ends every body the fake server sends during the checks, so a
// body can only have come from httpGet's future; it changes every run.
var flStamp = fmt.Sprintf(" (reply %d)", 1000+rand.IntN(9000))

// The given sub-futures build https://host/path and answer with a body
// that names the url they were asked for.
func flURL(host, path string) string  { return "https://" + host + "/" + path }
func flBody(host, path string) string { return "contents of " + flURL(host, path) + flStamp }

func flNew(host, path string) string { return fmt.Sprintf("NewFetchData(%q, %q)", host, path) }

// flRun polls a new FetchData until it is Ready, panics, or has been polled
// max times. It also returns every url httpGet was called with, and what
// happened to the sub-futures during each poll.
func flRun(host, path string, max int) (r *core.Recorder[string], urls []string) {
	r, urls, _ = flRunEvents(host, path, max)
	return r, urls
}

func flRunEvents(host, path string, max int) (r *core.Recorder[string], urls []string, events [][]string) {
	var now []string
	fetchdata.OnSubFuture = func(e string) {
		now = append(now, e)
		if u, ok := strings.CutPrefix(e, "httpGet("); ok {
			if q, err := strconv.Unquote(strings.TrimSuffix(u, ")")); err == nil {
				urls = append(urls, q)
			}
		}
	}
	fetchdata.Stamp = flStamp
	defer func() { fetchdata.OnSubFuture, fetchdata.Stamp = nil, "" }()
	r = core.NewRecorder[string](fetchdata.NewFetchData(host, path))
	for i := 0; i < max; i++ {
		now = nil
		s := r.Step()
		events = append(events, now)
		if s.Panicked || s.Result.IsReady() {
			break
		}
	}
	return r, urls, events
}

// flShownTraces are the traces a failing check has shown already: a later
// check that fails on the same polls says so instead of repeating them.
var flShownTraces = map[string]bool{}

func flTrace(r *core.Recorder[string]) string {
	trace := strings.TrimRight(r.Trace(), "\n")
	if flShownTraces[trace] {
		return "\n(poll by poll: the same polls as shown above)"
	}
	flShownTraces[trace] = true
	var b strings.Builder
	b.WriteString("\npoll by poll:")
	for _, line := range strings.Split(trace, "\n") {
		b.WriteString("\n    " + line)
	}
	return b.String()
}

func flLast(r *core.Recorder[string]) core.Step[string] {
	steps := r.Steps()
	return steps[len(steps)-1]
}

func TestStatesPollByPoll(t *testing.T) {
	host, path := "example.com", "docs"
	want := []struct {
		before, after string
		ready         bool
		why           string
	}{
		{"Start", "WaitingForUrl", false,
			"Start creates buildURL's future and goes straight on to poll it; that future is Pending on its first poll"},
		{"WaitingForUrl", "WaitingForResponse", false,
			"buildURL's future is Ready with the url now, so FetchData moves on with httpGet(url)'s future and polls it; that one is Pending"},
		{"WaitingForResponse", "Done", true,
			"httpGet's future is Ready with the response, so FetchData moves to Done and returns the body"},
	}
	r, _, events := flRunEvents(host, path, flMaxPolls)
	steps := r.Steps()
	if steps[0].Before == "" && steps[0].After == "" {
		t.Fatalf("FetchData has no String method, so its states cannot be seen; keep the given String, " +
			"naming the states Start, WaitingForUrl, WaitingForResponse and Done")
	}
	for i, w := range want {
		wantRes := "returning Pending"
		if w.ready {
			wantRes = fmt.Sprintf("returning Ready(%q)", flBody(host, path))
		}
		if i >= len(steps) {
			t.Fatalf("%s finished after %d poll(s), so poll #%d never went %s → %s; want three polls%s",
				flNew(host, path), len(steps), i+1, w.before, w.after, flTrace(r))
		}
		s := steps[i]
		if made := flMadeNotPolled(events[i]); made != "" && s.Result.IsPending() && !s.Panicked {
			t.Fatalf("poll #%d went %s → %s and returned Pending without polling %s, which it had just created: "+
				"it returned Pending on its own instead. Poll a new sub-future at once, in the same poll, and return "+
				"its Pending: that poll is what starts the work, and the sub-future's own wake is what asks for the "+
				"next poll (a wake of your own asks for a poll that finds nothing done)%s",
				s.N, s.Before, s.After, made, flTrace(r))
		}
		got := "returning " + s.Result.String()
		if s.Panicked {
			got = fmt.Sprintf("panicking (%v)", s.PanicText())
		}
		if s.Before != w.before || s.After != w.after || s.Panicked || s.Result.IsReady() != w.ready {
			t.Fatalf("poll #%d went %s → %s, %s; want %s → %s, %s: %s%s",
				s.N, s.Before, s.After, got, w.before, w.after, wantRes, w.why, flTrace(r))
		}
	}
}

func TestReturnsTheBody(t *testing.T) {
	wrong := 0
	for _, p := range flPages {
		want := flBody(p.host, p.path)
		r, _ := flRun(p.host, p.path, flMaxPolls)
		last := flLast(r)
		// The first wrong page shows its trace; the others would repeat it.
		trace := func() string {
			if wrong == 0 {
				return flTrace(r)
			}
			return ""
		}
		switch {
		case last.Panicked:
			t.Errorf("%s: poll #%d panicked: %v%s", flNew(p.host, p.path), last.N, last.PanicText(), trace())
		case last.Result.IsPending():
			t.Errorf("%s was still Pending after %d polls; want Ready(%q) on poll #3%s",
				flNew(p.host, p.path), last.N, want, trace())
		case last.Result.Unwrap() != want:
			t.Errorf("%s returned %v; want Ready(%q), the Body of httpGet's response",
				flNew(p.host, p.path), last.Result, want)
		default:
			continue
		}
		if wrong++; wrong == 3 {
			t.Errorf("(stopped after three wrong pages)")
			return
		}
	}
}

func TestPassesTheURLOnToHTTPGet(t *testing.T) {
	for _, p := range flPages {
		want := flURL(p.host, p.path)
		r, urls := flRun(p.host, p.path, flMaxPolls)
		switch {
		case len(urls) == 0:
			t.Fatalf("%s never called httpGet; once buildURL's future is Ready(url), WaitingForUrl should start httpGet(url)%s",
				flNew(p.host, p.path), flTrace(r))
		case len(urls) > 1:
			t.Fatalf("%s called httpGet %d times (with %q); want once: the future it returns is kept in WaitingForResponse and polled there%s",
				flNew(p.host, p.path), len(urls), urls, flTrace(r))
		case urls[0] != want:
			t.Fatalf("%s called httpGet(%q); want httpGet(%q), the url that buildURL's future returned%s",
				flNew(p.host, p.path), urls[0], want, flTrace(r))
		}
	}
}

func TestWakesOncePerPendingAndNotOnReady(t *testing.T) {
	r := core.NewRecorder[string](fetchdata.NewFetchData("example.com", "docs"))
	for range flMaxPolls {
		s := r.Step()
		switch {
		case s.Panicked:
			return // TestStatesPollByPoll reports it
		case s.Result.IsReady() && s.Wakes > 0:
			t.Fatalf("poll #%d returned %v and also woke the waker %d time(s); a finished future must not ask to be polled again%s",
				s.N, s.Result, s.Wakes, flTrace(r))
		case s.Result.IsPending() && s.Wakes == 0 && flWokeLate(r, s):
			t.Fatalf("poll #%d returned Pending without waking the waker during the poll; the waker was called only "+
				"afterwards, from elsewhere (another goroutine?). An executor would poll again then, so the wake is not lost, "+
				"but nothing in FetchData runs elsewhere: return Pending only when a sub-future you polled with the cx you were "+
				"given returned it, and that sub-future has already woken the waker%s", s.N, flTrace(r))
		case s.Result.IsPending() && s.Wakes == 0:
			t.Fatalf("poll #%d returned Pending without waking the waker, so an executor would never poll again. "+
				"Return Pending only when a sub-future you polled with the cx you were given returned it: that sub-future has already woken the waker%s",
				s.N, flTrace(r))
		case s.Result.IsPending() && s.Wakes > 1:
			t.Fatalf("poll #%d woke the waker %d times; want once: the sub-future wakes it itself, so FetchData has nothing to add%s",
				s.N, s.Wakes, flTrace(r))
		}
		if s.Result.IsReady() {
			break
		}
	}
	if r.LateWakes > 0 {
		t.Fatalf("the waker was called %d time(s) between polls; every wake should happen during the poll that returns Pending%s",
			r.LateWakes, flTrace(r))
	}
}

func TestPanicsWhenPolledAfterCompletion(t *testing.T) {
	host, path := "example.com", "docs"
	r, _ := flRun(host, path, flMaxPolls)
	if last := flLast(r); !last.Result.IsReady() {
		t.Fatalf("%s never returned Ready within %d polls, so polling it after completion could not be tried%s",
			flNew(host, path), flMaxPolls, flTrace(r))
	}
	s := r.Step()
	switch {
	case !s.Panicked:
		t.Fatalf("poll #%d, after Ready, returned %v; want a panic saying it was polled after completion "+
			"(Done is the state that catches it, like the lesson's FetchData::Done arm)%s", s.N, s.Result, flTrace(r))
	case !strings.Contains(strings.ToLower(fmt.Sprint(s.Panic)), "polled after completion"):
		t.Fatalf("poll #%d, after Ready, panicked with %q; want FetchData's own panic, with a message saying it was polled after completion "+
			"(is it in Done once it has returned Ready?)%s", s.N, fmt.Sprint(s.Panic), flTrace(r))
	}
}

func TestRunsUnderPollToCompletion(t *testing.T) {
	host, path := "futurelings.dev", "lesson-2"
	got, err, panicked := flPollToCompletion(host, path)
	switch {
	case panicked != nil:
		t.Fatalf("PollToCompletion(%s) panicked: %v", flNew(host, path), panicked)
	case err != nil:
		t.Fatalf("PollToCompletion(%s) failed: %v", flNew(host, path), err)
	case got != flBody(host, path):
		t.Fatalf("PollToCompletion(%s) returned %q; want %q", flNew(host, path), got, flBody(host, path))
	}
}

func flPollToCompletion(host, path string) (v string, err error, panicked any) {
	defer func() { panicked = recover() }()
	fetchdata.Stamp = flStamp
	defer func() { fetchdata.Stamp = "" }()
	v, err = core.PollToCompletionWith[string](fetchdata.NewFetchData(host, path),
		core.Options{MaxPolls: flMaxPolls, WakeTimeout: 20 * time.Millisecond})
	return v, err, nil
}

func TestIsAHandWrittenStateMachine(t *testing.T) {
	if problem := flHandWrittenProblem("fetch_data"); problem != "" {
		t.Fatal(problem)
	}
	if p := flGlobalStateProblem("fetch_data", "Keep the sub-futures, and what each state needs, in the FetchData's own fields."); p != "" {
		t.Fatal(p)
	}
	if uses := flPackageVarShares(); len(uses) > 0 {
		t.Fatalf("fetch_data keeps state in a package-level variable: %s. A package-level variable is one place shared by "+
			"every FetchData, and whatever is stored through it, by a method, a channel or another name for it, is "+
			"not part of what a future holds, so nobody, the checks included, can see it as the future's state. "+
			"Keep the sub-futures, and what each state needs, in the FetchData's own fields", flList(uses))
	}
}

// flPackageVarShares returns every place a function of fetch_data's own
// files lets a package-level variable be changed other than by assigning to
// it (which flGlobalStateProblem sees): a method with a pointer receiver
// called on it, or a map, slice, channel or pointer in it used as a whole
// (sent to, received from, copied or appended into, passed on, or given
// another name) rather than indexed, measured or ranged over.
func flPackageVarShares() []flUse {
	fset, files := flSyntax()
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{},
		Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: flFetchNoImports{}, Error: func(error) {}}
	pkg, _ := conf.Check("fetchdata", fset, files, info)
	if pkg == nil {
		return nil
	}
	shared := func(t types.Type) bool {
		if t == nil {
			return false
		}
		switch t.Underlying().(type) {
		case *types.Map, *types.Slice, *types.Chan, *types.Pointer:
			return true
		}
		return false
	}
	var uses []flUse
	for _, f := range files {
		if strings.HasSuffix(fset.Position(f.Pos()).Filename, "sub_futures.go") {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || (fd.Recv == nil && fd.Name.Name == "init") {
				continue
			}
			var stack []ast.Node
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if n == nil {
					stack = stack[:len(stack)-1]
					return false
				}
				stack = append(stack, n)
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				v, ok := info.Uses[id].(*types.Var)
				if !ok || v.Parent() != pkg.Scope() {
					return true
				}
				// Climb from the variable to the whole place it names:
				// its fields, elements and parentheses.
				var e ast.Expr = id
				i := len(stack) - 2
				for ; i >= 0; i-- {
					switch p := stack[i].(type) {
					case *ast.ParenExpr:
						e = p
						continue
					case *ast.IndexExpr:
						if p.X == e {
							e = p
							continue
						}
					case *ast.SelectorExpr:
						if sel := info.Selections[p]; sel != nil && sel.Kind() == types.FieldVal {
							e = p
							continue
						}
						if sel := info.Selections[p]; sel != nil && sel.Kind() == types.MethodVal {
							if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
								if _, ptr := sig.Recv().Type().(*types.Pointer); ptr || shared(info.Types[e].Type) {
									uses = append(uses, flUse{At: flPos(fset, id.Pos()),
										What: fmt.Sprintf("a call of %s's method %s", id.Name, p.Sel.Name)})
								}
							}
						}
					}
					break
				}
				if !shared(info.Types[e].Type) || i < 0 {
					return true
				}
				switch p := stack[i].(type) {
				case *ast.SelectorExpr, *ast.RangeStmt, *ast.StarExpr:
					return true // a method (seen above), a range, or a read through the pointer
				case *ast.BinaryExpr:
					if p.Op == token.EQL || p.Op == token.NEQ {
						return true
					}
				case *ast.CallExpr:
					if fn, ok := p.Fun.(*ast.Ident); ok && (fn.Name == "len" || fn.Name == "cap") {
						return true
					}
				case *ast.AssignStmt:
					for _, l := range p.Lhs {
						if l == e {
							return true // an assignment: flGlobalStateProblem says so
						}
					}
				}
				uses = append(uses, flUse{At: flPos(fset, id.Pos()), What: "a use of " + id.Name + " itself, not of an element of it"})
				return true
			})
		}
	}
	sort.Slice(uses, func(a, b int) bool { return uses[a].At < uses[b].At })
	return uses
}

func TestPollsEachSubFutureItCreates(t *testing.T) {
	host, path := "example.org", "index.html"
	url := flURL(host, path)
	want := [][]string{
		{fmt.Sprintf("buildURL(%q, %q)", host, path), "poll buildURL's future: Pending"},
		{"poll buildURL's future: Ready", fmt.Sprintf("httpGet(%q)", url), "poll httpGet's future: Pending"},
		{"poll httpGet's future: Ready"},
	}
	why := []string{
		"Start creates buildURL's future with the host and path, and polls it at once: until it has been polled, nothing will wake this task",
		"WaitingForUrl polls buildURL's future, which is Ready with the url now; it then creates httpGet(url)'s future and polls that at once, in the same poll",
		"WaitingForResponse polls httpGet's future, which is Ready with the response; its Body is the answer",
	}
	r, _, events := flRunEvents(host, path, flMaxPolls)
	for i, w := range want {
		if i >= len(events) {
			break // TestStatesPollByPoll says how it ended
		}
		if got := events[i]; strings.Join(got, "\n") != strings.Join(w, "\n") {
			t.Fatalf("during poll #%d of %s the sub-futures saw:%s\nwant:%s\n%s%s",
				i+1, flNew(host, path), flEventList(got), flEventList(w), why[i], flTrace(r))
		}
	}
}

func flEventList(events []string) string {
	if len(events) == 0 {
		return "\n    nothing: no sub-future was created or polled"
	}
	return "\n    " + strings.Join(events, "\n    ")
}

// flWokeLate reports whether the waker was called soon after step s, the
// last one so far, returned: a wake from another goroutine, which is late
// but not lost.
func flWokeLate[T any](r *core.Recorder[T], s core.Step[T]) bool {
	return s.N == len(r.Steps()) && r.WaitForLateWake(100*time.Millisecond)
}

// flMadeNotPolled returns which sub-future one poll's events show created
// but never polled in that poll, when no sub-future was Pending in it
// either (so the poll's Pending was its own), or "".
func flMadeNotPolled(events []string) string {
	for _, e := range events {
		if strings.HasPrefix(e, "poll ") && strings.HasSuffix(e, ": Pending") {
			return ""
		}
	}
	made, polled := map[string]bool{}, map[string]bool{}
	var order []string
	for _, e := range events {
		for _, k := range []struct{ create, name string }{{"buildURL(", "buildURL's future"}, {"httpGet(", "httpGet's future"}} {
			switch {
			case strings.HasPrefix(e, k.create):
				if !made[k.name] {
					order = append(order, k.name)
				}
				made[k.name] = true
			case made[k.name] && strings.HasPrefix(e, "poll "+k.name+":"):
				polled[k.name] = true
			}
		}
	}
	for _, name := range order {
		if !polled[name] {
			return name
		}
	}
	return ""
}

// flFind calls visit with every *T reachable from v through pointers,
// interfaces, structs, arrays and slices: what the future's fields hold.
func flFind[T any](v reflect.Value, seen map[uintptr]bool, visit func(*T)) {
	if !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		if p, ok := reflect.NewAt(v.Type().Elem(), v.UnsafePointer()).Interface().(*T); ok {
			visit(p)
			return
		}
		flFind(v.Elem(), seen, visit)
	case reflect.Interface:
		if !v.IsNil() {
			flFind(v.Elem(), seen, visit)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			flFind(v.Field(i), seen, visit)
		}
	case reflect.Array, reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			flFind(v.Index(i), seen, visit)
		}
	}
}

// flSetURL changes the url a given sub-future will use, in place.
func flSetURL(fut any, url string) {
	f := reflect.ValueOf(fut).Elem().FieldByName("url")
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().SetString(url)
}

func TestTheBodyComesFromTheSubFutures(t *testing.T) {
	host, path := "example.com", "docs"
	swappedURL := fmt.Sprintf("https://swapped.example/%d", rand.IntN(1_000_000))
	answeredURL := fmt.Sprintf("https://answered.example/%d", rand.IntN(1_000_000))
	var httpGets []string
	fetchdata.OnHTTPGet = func(url string) { httpGets = append(httpGets, url) }
	fetchdata.Stamp = flStamp
	defer func() { fetchdata.OnHTTPGet, fetchdata.Stamp = nil, "" }()
	f := fetchdata.NewFetchData(host, path)
	r := core.NewRecorder[string](f)
	find := func(what string, poll int, visit func(reflect.Value)) bool {
		n := 0
		switch what {
		case "buildURL's future":
			flFind(reflect.ValueOf(f), map[uintptr]bool{}, func(b *fetchdata.BuildURLFuture) { n++; visit(reflect.ValueOf(b)) })
		default:
			flFind(reflect.ValueOf(f), map[uintptr]bool{}, func(h *fetchdata.HTTPGetFuture) { n++; visit(reflect.ValueOf(h)) })
		}
		if n > 0 {
			return true
		}
		held := ""
		if flHoldsFunc(reflect.ValueOf(f), map[uintptr]bool{}) {
			held = " It keeps its state inside a func value (a closure), where nobody can see what each state holds: " +
				"declare the states as types whose fields say what each one keeps, as the lesson's enum does."
		}
		t.Fatalf("after poll #%d, which returned Pending, NewFetchData(%q, %q) holds no %s: a Pending FetchData is "+
			"stopped at one of its .awaits, so its state holds the sub-future it awaits.%s%s", poll, host, path, what, held, flTrace(r))
		return false
	}
	if s := r.Step(); s.Panicked || s.Result.IsReady() {
		return // the other checks say what went wrong
	}
	// The checks make buildURL's future answer with another url: what
	// FetchData passes on to httpGet must be what that future said.
	find("buildURL's future", 1, func(v reflect.Value) { flSetURL(v.Interface(), swappedURL) })
	if s := r.Step(); s.Panicked || s.Result.IsReady() {
		return
	}
	if len(httpGets) == 0 {
		return // it has not got that far: the other checks say why
	}
	if httpGets[len(httpGets)-1] != swappedURL {
		t.Fatalf("the checks made buildURL's future answer Ready(%q) instead of the url it was built for, but "+
			"FetchData then called httpGet(%q). The url must be what buildURL's future is Ready with, the value its "+
			"poll returned, not one worked out again from host and path, nor read from inside the future%s",
			swappedURL, strings.Join(httpGets, ", "), flTrace(r))
	}
	find("httpGet's future", 2, func(v reflect.Value) { flSetURL(v.Interface(), answeredURL) })
	s := r.Step()
	if s.Panicked || s.Result.IsPending() {
		return
	}
	if want := "contents of " + answeredURL + flStamp; s.Result.Unwrap() != want {
		t.Fatalf("the checks made httpGet's future answer with the body %q, but FetchData returned %v. The body must "+
			"be the Body of the Response that httpGet's future is Ready with%s", want, s.Result, flTrace(r))
	}
}

// flHoldsFunc reports whether a func value is reachable from v.
func flHoldsFunc(v reflect.Value, seen map[uintptr]bool) bool {
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Func:
		return !v.IsNil()
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return false
		}
		seen[v.Pointer()] = true
		return flHoldsFunc(v.Elem(), seen)
	case reflect.Interface:
		return !v.IsNil() && flHoldsFunc(v.Elem(), seen)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if flHoldsFunc(v.Field(i), seen) {
				return true
			}
		}
	}
	return false
}

func TestUsesTheGivenSubFuturesAsShipped(t *testing.T) {
	if p := flGivenFileProblem("fetch_data", "sub_futures.go"); p != "" {
		t.Fatal(p)
	}
	// What only the checks and the trace may touch, and what is inside the
	// given futures: FetchData gets its url and body from their polls.
	hooks := map[string]bool{"OnHTTPGet": true, "OnPoll": true, "OnSubFuture": true, "Stamp": true,
		"notify": true, "reported": true, "url": true, "polled": true}
	fset, files := flSyntax()
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: flFetchNoImports{}, Error: func(error) {}}
	conf.Check("fetchdata", fset, files, info)
	given := func(p token.Pos) bool { return strings.HasSuffix(fset.Position(p).Filename, "sub_futures.go") }
	var uses []flUse
	for id, obj := range info.Uses {
		if given(id.Pos()) || !hooks[obj.Name()] || !given(obj.Pos()) {
			continue
		}
		if v, ok := obj.(*types.Var); ok && v.IsField() {
			uses = append(uses, flUse{At: flPos(fset, id.Pos()), What: "the field " + obj.Name()})
		} else {
			uses = append(uses, flUse{At: flPos(fset, id.Pos()), What: obj.Name()})
		}
	}
	sort.Slice(uses, func(a, b int) bool { return uses[a].At < uses[b].At })
	if len(uses) > 0 {
		t.Fatalf("fetch_data uses %s from sub_futures.go. Those are for the checks and the trace (OnHTTPGet, OnPoll, "+
			"OnSubFuture, Stamp), or the inside of the given futures (url, polled): FetchData learns the url and the "+
			"body only from what the futures' polls return, as an async fn learns them from its .awaits", flList(uses))
	}
}

// flHeldStrings collects the strings reachable from v (byte and rune
// slices and arrays read as strings, maps' keys and values included), and
// the given sub-futures it holds, without looking inside those: what the
// FetchData itself keeps. What it cannot look inside (a channel, a func
// literal, an unsafe pointer) goes to opaque.
func flHeldStrings(v reflect.Value, path string, seen map[uintptr]bool, str func(path, s string), sub func(path string, fut any), opaque ...func(path, what string)) {
	if !v.IsValid() {
		return
	}
	hide := func(what string) {
		for _, o := range opaque {
			o(path, what)
		}
	}
	switch v.Kind() {
	case reflect.String:
		str(path, v.String())
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		p := reflect.NewAt(v.Type().Elem(), v.UnsafePointer()).Interface()
		switch p.(type) {
		case *fetchdata.BuildURLFuture, *fetchdata.HTTPGetFuture:
			sub(path, p)
			return
		}
		flHeldStrings(v.Elem(), "(*"+path+")", seen, str, sub, opaque...)
	case reflect.Interface:
		if !v.IsNil() {
			flHeldStrings(v.Elem(), path+".("+v.Elem().Type().String()+")", seen, str, sub, opaque...)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			flHeldStrings(v.Field(i), path+"."+v.Type().Field(i).Name, seen, str, sub, opaque...)
		}
	case reflect.Array, reflect.Slice:
		if k := v.Type().Elem().Kind(); (k == reflect.Uint8 || k == reflect.Int32) && v.Len() > 0 {
			var b strings.Builder
			for i := 0; i < v.Len(); i++ {
				if k == reflect.Uint8 {
					b.WriteByte(byte(v.Index(i).Uint()))
				} else {
					b.WriteRune(rune(v.Index(i).Int()))
				}
			}
			str(path, b.String())
			return
		}
		for i := 0; i < v.Len(); i++ {
			flHeldStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i), seen, str, sub, opaque...)
		}
	case reflect.Map:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		for it := v.MapRange(); it.Next(); {
			flHeldStrings(it.Key(), path+"[key]", seen, str, sub, opaque...)
			flHeldStrings(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key()), seen, str, sub, opaque...)
		}
	case reflect.Chan:
		if !v.IsNil() {
			hide("a channel")
		}
	case reflect.UnsafePointer:
		if !v.IsNil() {
			hide("an unsafe.Pointer (inside an atomic.Pointer or a sync.Map, say)")
		}
	case reflect.Func:
		// A method value or a func declared at package level holds nothing
		// of its own; a func literal may hold whatever it captured.
		if !v.IsNil() && flClosureName.MatchString(runtime.FuncForPC(v.Pointer()).Name()) {
			hide("a func literal (a closure)")
		}
	}
}

// flClosureName matches the name the runtime gives a func literal:
// fetchdata.(*FetchData).Poll.func1, fetchdata.glob..func2, ...
var flClosureName = regexp.MustCompile(`\.func\d+(\.\d+)*$`)

func TestEachStateKeepsOnlyWhatIsStillNeeded(t *testing.T) {
	host, path := "held.example", "kept/for/nothing"
	f := fetchdata.NewFetchData(host, path)
	r := core.NewRecorder[string](f)
	fetchdata.Stamp = flStamp
	defer func() { fetchdata.Stamp = "" }()
	for i := 1; i <= 3; i++ {
		if s := r.Step(); s.Panicked || s.Result.IsReady() != (i == 3) {
			return // the other checks say what went wrong
		}
		var kept, subs, hidden []string
		flHeldStrings(reflect.ValueOf(f).Elem(), "FetchData", map[uintptr]bool{}, func(p, v string) {
			// The url, the body and anything else made from the host or
			// the path has them inside.
			if strings.Contains(v, host) || strings.Contains(v, path) {
				kept = append(kept, fmt.Sprintf("%q in %s", v, p))
			}
		}, func(p string, fut any) {
			if _, ok := fut.(*fetchdata.BuildURLFuture); ok && i >= 2 {
				subs = append(subs, "buildURL's future in "+p)
			}
			if _, ok := fut.(*fetchdata.HTTPGetFuture); ok && i == 3 {
				subs = append(subs, "httpGet's future in "+p)
			}
		}, func(p, what string) {
			hidden = append(hidden, what+" in "+p)
		})
		state := []string{"", "WaitingForUrl", "WaitingForResponse", "Done"}[i]
		needs := []string{"", "holds buildURL's future, which has the host and path now, and nothing else",
			"holds httpGet's future, which has the url now, and nothing else",
			"holds nothing: the body has been returned and the future will never be polled again"}[i]
		switch {
		case len(kept) > 0:
			t.Fatalf("after poll #%d (%s) NewFetchData(%q, %q) still keeps %s. From here on nothing reads it again: "+
				"%s %s. A field kept after its last use is memory every suspended future "+
				"carries for nothing: give each state only what the rest of the function still needs%s",
				i, f, host, path, strings.Join(kept, " and "), state, needs, flTrace(r))
		case len(subs) > 0 && i == 2:
			t.Fatalf("after poll #2 (%s) NewFetchData(%q, %q) still keeps %s, although it "+
				"was Ready and will never be polled again: WaitingForResponse holds httpGet's future, and nothing "+
				"else%s", f, host, path, strings.Join(subs, " and "), flTrace(r))
		case len(subs) > 0:
			t.Fatalf("after poll #3 (%s), which returned Ready, NewFetchData(%q, %q) still keeps %s, although "+
				"it was Ready and will never be polled again: Done %s%s", f, host, path, strings.Join(subs, " and "), needs, flTrace(r))
		case len(hidden) > 0:
			t.Fatalf("after poll #%d (%s) NewFetchData(%q, %q) holds %s, and nobody can see what is inside, the "+
				"checks included. A state is a value whose fields say what it keeps, as each variant of the lesson's "+
				"enum does: %s %s. Keep what a state needs in plain fields, with no channel, closure or unsafe pointer "+
				"beside it%s",
				i, f, host, path, strings.Join(hidden, " and "), state, needs, flTrace(r))
		}
	}
}

// flFetchNoImports imports nothing: the rule reads only the package's own
// names, and go/types carries on with a stand-in for each import.
type flFetchNoImports struct{}

func (flFetchNoImports) Import(path string) (*types.Package, error) {
	return nil, fmt.Errorf("%s is not needed", path)
}

// TestPollsWithTheCxItIsGiven hands every poll a cx of its own, as an
// executor may (a task moved to another thread, a waker replaced): the wake
// must reach the waker of the poll that returned Pending.
func TestPollsWithTheCxItIsGiven(t *testing.T) {
	host, path := "example.com", "docs"
	f := fetchdata.NewFetchData(host, path)
	var wakers []*core.CountingWaker
	for n := 1; n <= flMaxPolls; n++ {
		w := &core.CountingWaker{}
		wakers = append(wakers, w)
		before := make([]int, len(wakers))
		for i, o := range wakers {
			before[i] = o.Count()
		}
		p, panicked := func() (p core.Poll[string], panicked bool) {
			defer func() { panicked = recover() != nil }()
			return f.Poll(core.NewContext(w)), false
		}()
		if panicked || p.IsReady() {
			return // the other checks say what went wrong
		}
		if w.Count() > 0 {
			continue
		}
		for i, o := range wakers[:n-1] {
			if o.Count() > before[i] {
				t.Fatalf("the checks gave each poll of %s a cx of its own, but poll #%d, which returned Pending, "+
					"woke the waker of poll #%d's cx instead of its own: FetchData polled its sub-future with a cx "+
					"kept from an earlier poll. An executor may hand each poll another cx (the task moved to another "+
					"thread, its waker replaced), and only the one it gave this poll reaches it: poll the sub-futures "+
					"with the cx this poll was given, and keep no cx in the state", flNew(host, path), n, i+1)
			}
		}
		return // TestWakesOncePerPendingAndNotOnReady says why
	}
}
