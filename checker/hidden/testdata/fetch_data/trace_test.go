package fetchdata_test

import (
	"fmt"
	"testing"

	"github.com/futurelings/futurelings/core"
	fetchdata "github.com/futurelings/futurelings/exercises/2_state_machines/fetch_data"
)

// TestTrace is what "futurelings trace fetch_data" shows: the learner's
// FetchData polled step by step, with the states it moves through, as in
// the lesson's diagram, the polls of buildURL's and httpGet's futures inside
// each poll, a line where httpGet is called, and what each state holds. It
// is not a check.
func TestTrace(t *testing.T) {
	fetchdata.OnHTTPGet = func(url string) { flNotes = append(flNotes, fmt.Sprintf("httpGet(%q) was called", url)) }
	fetchdata.OnPoll = flSubPoll
	defer func() { fetchdata.OnHTTPGet, fetchdata.OnPoll = nil, nil }()
	flTrace(`NewFetchData("example.com", "index.html")`,
		func() core.Future[string] { return fetchdata.NewFetchData("example.com", "index.html") },
		"Start → WaitingForUrl, Pending, woke 1×",
		"WaitingForUrl → WaitingForResponse, Pending, woke 1×",
		`WaitingForResponse → Done, Ready("contents of https://example.com/index.html")`)
}
