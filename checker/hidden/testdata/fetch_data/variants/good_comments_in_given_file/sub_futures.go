package fetchdata

import (
	"fmt"

	"github.com/futurelings/futurelings/core"
)

// A learner's note: read this file first.

// This file is given: two fake sub-futures standing in for real work, so
// that FetchData has something to wait for. You do not need to change it.

// Response is what the fake server answers.
type Response struct {
	Status int
	Body   string
}

// OnHTTPGet, when set, is called with the url of every httpGet call. The
// checks use it to see which url your Poll passed on; leave it alone.
var OnHTTPGet func(url string)

// OnPoll, when set, is told of every poll of the two futures below and what
// it returned. futurelings trace fetch_data uses it to show the polls of
// the sub-futures inside each poll of yours; leave it alone.
var OnPoll func(future, result string)

// The checks watch the sub-futures through these two; leave them alone.
var (
	// OnSubFuture, when set, is told of every sub-future created and of
	// every poll of one, with what it returned.
	OnSubFuture func(event string)
	// Stamp is added to the end of every body the fake server sends, so a
	// body can only have come from httpGet's future.
	Stamp string
)

func notify(format string, args ...any) {
	if OnSubFuture != nil {
		OnSubFuture(fmt.Sprintf(format, args...))
	}
}

// reported tells OnPoll about a poll's result and returns it.
func reported[T any](future string, p core.Poll[T]) core.Poll[T] {
	if p.IsPending() {
		notify("poll %s: Pending", future)
	} else {
		notify("poll %s: Ready", future)
	}
	if OnPoll != nil {
		result := p.String()
		if p.IsPending() {
			result += " (it woke the waker)"
		}
		OnPoll(future, result)
	}
	return p
}

// BuildURLFuture is the future buildURL returns: Pending once, then
// Ready with the url.
type BuildURLFuture struct {
	url    string
	polled int
}

// buildURL starts building the url of a page. Unlike the lesson's
// build_url() it takes the host and path, so the checks can try many.
func buildURL(host, path string) *BuildURLFuture { // the first sub-future
	notify("buildURL(%q, %q)", host, path)
	return &BuildURLFuture{url: "https://" + host + "/" + path}
}

// Poll is Pending (after waking cx's waker) on the first poll and
// Ready(url) on the second.
func (f *BuildURLFuture) Poll(cx *core.Context) core.Poll[string] {
	f.polled++
	switch f.polled {
	case 1:
		cx.Waker().Wake()
		return reported("buildURL's future", core.Pending[string]())
	case 2:
		return reported("buildURL's future", core.Ready(f.url))
	}
	panic("fetchdata: buildURL's future polled again after it returned Ready")
}

// HTTPGetFuture is the future httpGet returns: Pending once, then Ready
// with the page.
type HTTPGetFuture struct {
	url    string
	polled int
}

// httpGet starts fetching url.
func httpGet(url string) *HTTPGetFuture {
	if OnHTTPGet != nil {
		OnHTTPGet(url)
	}
	notify("httpGet(%q)", url)
	return &HTTPGetFuture{url: url}
}

// Poll is Pending (after waking cx's waker) on the first poll and Ready on
// the second, with a body that names the url it was asked for.
func (f *HTTPGetFuture) Poll(cx *core.Context) core.Poll[Response] {
	f.polled++
	switch f.polled {
	case 1:
		cx.Waker().Wake()
		return reported("httpGet's future", core.Pending[Response]())
	case 2:
		return reported("httpGet's future", core.Ready(Response{Status: 200, Body: "contents of " + f.url + Stamp}))
	}
	panic("fetchdata: httpGet's future polled again after it returned Ready")
}
