// Wrong: a core.Async body does the work and a field only names the state
// for String, so nothing about the states is written by hand.
package fetchdata

import "github.com/futurelings/futurelings/core"

type FetchData struct {
	name string
	fut  core.Future[string]
}

func NewFetchData(host, path string) *FetchData {
	f := &FetchData{name: "Start"}
	f.fut = core.Async(func(aw *core.Awaiter) string {
		f.name = "WaitingForUrl"
		url := core.Await[string](aw, buildURL(host, path))
		f.name = "WaitingForResponse"
		resp := core.Await[Response](aw, httpGet(url))
		f.name = "Done"
		return resp.Body
	})
	return f
}

func (f *FetchData) String() string { return f.name }

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	if f.name == "Done" {
		panic("fetchdata: FetchData polled after completion")
	}
	return f.fut.Poll(cx)
}
