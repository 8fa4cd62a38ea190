package fetchdata

import "github.com/futurelings/futurelings/core"

// Wrong: the sub-futures are kept in a package-level table, keyed by the future.
type slot struct {
	bu *BuildURLFuture
	hg *HTTPGetFuture
}

var table = map[*FetchData]*slot{}

type FetchData struct {
	state      uint8
	host, path string
}

func NewFetchData(host, path string) *FetchData { return &FetchData{host: host, path: path} }

func (f *FetchData) String() string {
	return [...]string{"Start", "WaitingForUrl", "WaitingForResponse", "Done"}[f.state]
}

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	for {
		switch f.state {
		case 0:
			table[f] = &slot{bu: buildURL(f.host, f.path)}
			f.state = 1
		case 1:
			url, ok := table[f].bu.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			table[f].hg = httpGet(url)
			f.state = 2
		case 2:
			resp, ok := table[f].hg.Poll(cx).Value()
			if !ok {
				return core.Pending[string]()
			}
			f.state = 3
			delete(table, f)
			return core.Ready(resp.Body)
		default:
			panic("fetchdata: polled after completion")
		}
	}
}
