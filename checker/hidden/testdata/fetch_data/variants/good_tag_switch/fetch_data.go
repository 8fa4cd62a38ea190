// Package fetchdata: FetchData with a tag and one set of fields, in the
// style of a C state machine.
package fetchdata

import "github.com/futurelings/futurelings/core"

type phase int

const (
	phaseStart phase = iota
	phaseWaitingForUrl
	phaseWaitingForResponse
	phaseDone
)

var phaseNames = map[phase]string{
	phaseStart:              "Start",
	phaseWaitingForUrl:      "WaitingForUrl",
	phaseWaitingForResponse: "WaitingForResponse",
	phaseDone:               "Done",
}

type FetchData struct {
	phase      phase
	host, path string
	urlFut     *BuildURLFuture
	getFut     *HTTPGetFuture
}

func NewFetchData(host, path string) *FetchData {
	return &FetchData{host: host, path: path}
}

func (f *FetchData) String() string { return phaseNames[f.phase] }

func (f *FetchData) Poll(cx *core.Context) core.Poll[string] {
	for {
		switch f.phase {
		case phaseStart:
			f.urlFut = buildURL(f.host, f.path)
			f.host, f.path = "", "" // spent: buildURL's future has them now
			f.phase = phaseWaitingForUrl
		case phaseWaitingForUrl:
			p := f.urlFut.Poll(cx)
			if !p.IsReady() {
				return core.Pending[string]()
			}
			f.urlFut = nil
			f.getFut = httpGet(p.Unwrap())
			f.phase = phaseWaitingForResponse
		case phaseWaitingForResponse:
			p := f.getFut.Poll(cx)
			if !p.IsReady() {
				return core.Pending[string]()
			}
			f.getFut = nil
			f.phase = phaseDone
			return core.Ready(p.Unwrap().Body)
		case phaseDone:
			panic("FetchData: polled after completion")
		}
	}
}
