package fetchdata_test

import (
	"testing"

	"github.com/futurelings/futurelings/core"
	fetchdata "github.com/futurelings/futurelings/exercises/2_state_machines/fetch_data"
)

// TestTrace is what "futurelings trace fetch_data" shows: the learner's
// FetchData polled step by step, with the states it moves through, as in
// the lesson's diagram, and under each poll what happened to the
// sub-futures inside it. It is not a check.
func TestTrace(t *testing.T) {
	fetchdata.OnSubFuture = func(e string) { flNotes = append(flNotes, e) }
	defer func() { fetchdata.OnSubFuture = nil }()
	flTrace(`NewFetchData("example.com", "index.html")`,
		func() core.Future[string] { return fetchdata.NewFetchData("example.com", "index.html") },
		"Start → WaitingForUrl, Pending, woke 1×",
		"WaitingForUrl → WaitingForResponse, Pending, woke 1×",
		`WaitingForResponse → Done, Ready("contents of https://example.com/index.html")`)
}
