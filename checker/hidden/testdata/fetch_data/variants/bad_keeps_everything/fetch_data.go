// Package fetchdata, wrong: one struct with a tag keeps every field from the
// first poll to the last: the host and path, the url, and buildURL's finished
// future, long after anything reads them.
package fetchdata

import "github.com/futurelings/futurelings/core"

type FetchData struct {
	tag        uint8
	host, path string
	url        string
	bu         *BuildURLFuture
	hg         *HTTPGetFuture
}

func NewFetchData(host, path string) *FetchData { return &FetchData{host: host, path: path} }

func (f *FetchData) String() string {
	return [...]string{"Start", "WaitingForUrl", "WaitingForResponse", "Done"}[f.tag]
}

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	for {
		switch f.tag {
		case 0:
			f.bu, f.tag = buildURL(f.host, f.path), 1
		case 1:
			url, ok := f.bu.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			f.url = url
			f.hg, f.tag = httpGet(url), 2
		case 2:
			resp, ok := f.hg.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			f.tag = 3
			return core.Ready(resp.Body)
		default:
			panic("fetchdata: FetchData polled after completion")
		}
	}
}
