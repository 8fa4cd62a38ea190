package fetchdata_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

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
	r, _ := flRun(host, path, flMaxPolls)
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
		got := "returning " + s.Result.String()
		if s.Panicked {
			got = fmt.Sprintf("panicking (%v)", s.Panic)
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
		trace := "" // the first wrong page shows its trace; the others would repeat it
		if wrong == 0 {
			trace = flTrace(r)
		}
		switch {
		case last.Panicked:
			t.Errorf("%s: poll #%d panicked: %v%s", flNew(p.host, p.path), last.N, last.Panic, trace)
		case last.Result.IsPending():
			t.Errorf("%s was still Pending after %d polls; want Ready(%q) on poll #3%s",
				flNew(p.host, p.path), last.N, want, trace)
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
