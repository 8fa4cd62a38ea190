package tenthousandtasks_test

// How these checks judge a measurement, and why the bounds are what they are.
//
// Memory figures depend on the machine, the Go version and what the runtime
// did before, so a learner's figure is never compared with a fixed number.
// Each check first measures the same tasks itself (flMeasure: collect, read
// HeapAlloc+StackInuse, make and poll the tasks, collect, read, drop) and
// compares the learner's figure with that reference within a wide band: a
// factor of 3 either way. Correct measurements differ by less than that:
//
//   - counting the slice that keeps the tasks or not moves a state machine
//     between about 16 and 32 bytes (up to about 48 when the slice grew by
//     append, on 64-bit), the reference counts it;
//   - the runtime sizes new goroutine stacks from the average it saw at the
//     last collections, so an Async task costs about 3 KB with 2 KB stacks
//     and about 4.5 KB with 4 KB ones, and one run can see either;
//   - goroutines that ended earlier are reused, which saves their bookkeeping
//     (a few hundred bytes) in later runs.
//
// Absolute floors catch what the band would not. A suspended Async task
// keeps a goroutine stack of at least 2 KB (the runtime's smallest stack on
// every platform), so a figure under 1.5 KB has left the stacks out (they are
// in StackInuse, not HeapAlloc) or never started the coroutines. A state
// machine is a struct of 12 bytes or more on the heap, so a figure under its size has
// missed some of them. The figures measured on linux/amd64 were 2.9-4.5 KB
// per Async task (2 KB or 4 KB stacks) and 32 bytes per state machine; on
// linux/386, 2.2-2.6 KB and 24 bytes. The ratio, over 90, is far above the
// 20 the checks ask for.
//
// Before each measurement, flSettle collects until the heap and the number
// of goroutines stop shrinking, so that garbage from an earlier check (or
// coroutines a wrong solution failed to drop) cannot make a figure negative.

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/futurelings/futurelings/core"
	tenthousandtasks "github.com/futurelings/futurelings/exercises/2_state_machines/ten_thousand_tasks"
)

// flTasks is the lesson's number of tasks.
const flTasks = 10_000

// flStackFloor is the least a suspended Async task can cost: its goroutine
// stack is at least 2 KB, and a little is allowed for stacks reused from
// earlier goroutines.
const flStackFloor = 1536

// flSettle collects garbage until the heap and the number of goroutines stop
// shrinking: abandoned Async tasks end on a runtime goroutine after a
// collection, and what they held is freed only at the next one.
func flSettle() {
	var m runtime.MemStats
	lastHeap, lastG := uint64(math.MaxUint64), math.MaxInt
	for i := 0; i < 50; i++ {
		runtime.GC()
		runtime.ReadMemStats(&m)
		heap, g := m.HeapAlloc+m.StackInuse, runtime.NumGoroutine()
		if heap+8192 >= lastHeap && g >= lastG {
			return
		}
		lastHeap, lastG = heap, g
		time.Sleep(2 * time.Millisecond)
	}
}

// flMeasure is the reference measurement.
func flMeasure(n int, newTask func() core.Future[uint32]) float64 {
	flSettle()
	cx := core.NewContext(core.NoopWaker())
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	tasks := make([]core.Future[uint32], n)
	for i := range tasks {
		tasks[i] = newTask()
		tasks[i].Poll(cx)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	for _, t := range tasks {
		core.Drop(t)
	}
	flSettle()
	return (float64(after.HeapAlloc+after.StackInuse) - float64(before.HeapAlloc+before.StackInuse)) / float64(n)
}

// flCall runs one of the learner's measurements from a quiet heap and
// reports a panic instead of crashing the checks.
func flCall(t *testing.T, what string, measure func() float64) float64 {
	t.Helper()
	flSettle()
	var got float64
	var panicked any
	func() {
		defer func() { panicked = recover() }()
		got = measure()
	}()
	flSettle()
	if panicked != nil {
		t.Fatalf("%s panicked: %v", what, panicked)
	}
	if math.IsNaN(got) || math.IsInf(got, 0) {
		t.Fatalf("%s returned %v bytes per task: was the difference divided by zero? Divide by n, the number of tasks", what, got)
	}
	return got
}

// flNum formats a figure with prec decimals, never as "-0".
func flNum(x float64, prec int) string {
	v := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Trim(v, "-0.") == "" {
		return strconv.FormatFloat(0, 'f', prec, 64)
	}
	return v
}

// flCountingTask counts how often it is polled. Like YieldOnce, it is
// Pending (with a wake) on its first poll and Ready on its second.
type flCountingTask struct{ polls atomic.Int32 }

func (f *flCountingTask) Poll(cx *core.Context) core.Poll[uint32] {
	if f.polls.Add(1) == 1 {
		cx.Waker().Wake()
		return core.Pending[uint32]()
	}
	return core.Ready[uint32](1)
}

func TestBytesPerTaskPollsEachTaskOnce(t *testing.T) {
	const n = 1000
	var (
		mu   sync.Mutex
		made []*flCountingTask
	)
	newTask := func() core.Future[uint32] {
		f := &flCountingTask{}
		mu.Lock()
		made = append(made, f)
		mu.Unlock()
		return f
	}
	flCall(t, fmt.Sprintf("BytesPerTask(%d, newTask)", n), func() float64 { return tenthousandtasks.BytesPerTask(n, newTask) })
	if len(made) != n {
		t.Fatalf("BytesPerTask(%d, newTask) called newTask %d times; it should make %d tasks, one per call, "+
			"and keep them all suspended at once while it measures", n, len(made), n)
	}
	never, again, example, examplePolls := 0, 0, 0, 0
	for i, f := range made {
		switch p := int(f.polls.Load()); {
		case p == 0:
			never++
		case p > 1:
			if again == 0 {
				example, examplePolls = i+1, p
			}
			again++
		}
	}
	switch {
	case never == n:
		t.Fatalf("BytesPerTask(%d, newTask) made the tasks but polled none of them. A future does nothing until it is polled: "+
			"an Async task has not even started its coroutine, so nothing is suspended yet. Poll each task once", n)
	case never > 0:
		t.Fatalf("BytesPerTask(%d, newTask) never polled %d of its %d tasks; poll each one once, so that all of them are suspended "+
			"when you read the memory statistics", n, never, n)
	case again > 0:
		t.Fatalf("BytesPerTask(%d, newTask) polled %d tasks more than once (task #%d %d times). Poll each exactly once: "+
			"the first poll leaves it suspended at its await, which is the state to measure; another poll finishes it, "+
			"and a finished task has let go of what it held", n, again, example, examplePolls)
	}
}

// flBufferTask holds a 4 KB buffer from its first poll until it finishes.
type flBufferTask struct{ buf []byte }

const flBufferSize = 4096

func (f *flBufferTask) Poll(cx *core.Context) core.Poll[uint32] {
	if f.buf == nil {
		f.buf = make([]byte, flBufferSize)
		cx.Waker().Wake()
		return core.Pending[uint32]()
	}
	f.buf = nil
	return core.Ready[uint32](0)
}

func flNewBufferTask() core.Future[uint32] { return &flBufferTask{} }

func TestBytesPerTaskCountsWhatSuspendedTasksHold(t *testing.T) {
	const n = 1000
	ref := flMeasure(n, flNewBufferTask)
	got := flCall(t, fmt.Sprintf("BytesPerTask(%d, newTask)", n), func() float64 { return tenthousandtasks.BytesPerTask(n, flNewBufferTask) })
	what := fmt.Sprintf("BytesPerTask(%d, newTask) returned %s bytes per task for tasks that each hold a %d-byte buffer "+
		"from their first poll on; the reference measurement finds %.0f", n, flNum(got, 0), flBufferSize, ref)
	switch {
	case got == 0:
		t.Fatalf("%s. %s", what, flZeroNote)
	case got < -16:
		t.Fatalf("%s. %s", what, flNegativeNote)
	case got < 0.75*ref:
		t.Fatalf("%s. %s", what, flUnreachableNote)
	case got > 1.5*ref:
		t.Fatalf("%s, so yours is too high. %s", what, flTooHighNote)
	}
	t.Logf("a suspended task holding %d bytes: %.0f bytes by your measurement, %.0f by the reference", flBufferSize, got, ref)
}

// What to look at when a measurement is off.
const (
	flZeroNote = "If BytesPerTask is still the placeholder, write the measurement (the steps are in the package comment). " +
		"If it measures, nothing the tasks hold was alive at the second reading: keep the tasks in a slice " +
		"and use it after that reading (runtime.KeepAlive(tasks))"
	flNegativeNote = "A negative figure means memory was freed between your readings: call runtime.GC() right before each " +
		"reading, keep the tasks reachable until after the second one, and convert the uint64 counters to float64 " +
		"before subtracting"
	flUnreachableNote = "Were the tasks still reachable at your second reading? The collector frees whatever nothing refers to " +
		"any more: keep the tasks in a slice and use it after the reading (runtime.KeepAlive(tasks)). " +
		"And was every task polled once before that reading?"
	flTooHighNote = "Divide the difference between the two readings by n, and call runtime.GC() right before each reading, " +
		"so that garbage is not counted as held"
)

func TestAsyncTasksCostKilobytesEach(t *testing.T) {
	ref := flMeasure(flTasks, tenthousandtasks.NewAsyncTask)
	got := flCall(t, fmt.Sprintf("MeasureAsync(%d)", flTasks), func() float64 { return tenthousandtasks.MeasureAsync(flTasks) })
	what := fmt.Sprintf("MeasureAsync(%d) returned %s bytes per task; the reference measurement finds %.0f bytes per suspended "+
		"Async task on %s/%s", flTasks, flNum(got, 0), ref, runtime.GOOS, runtime.GOARCH)
	switch {
	case got == 0:
		t.Fatalf("%s. %s", what, flZeroNote)
	case got < flStackFloor || got < ref/3:
		t.Fatalf("%s. Every suspended Async task keeps a goroutine stack of at least 2 KB, so the figure cannot be below %d. "+
			"Were the stacks counted? They are in MemStats.StackInuse, not in HeapAlloc: add the two. "+
			"Were the tasks polled? An Async task starts its coroutine on its first poll, not before. "+
			"Were they still reachable at the second reading? Keep them in a slice until after it", what, flStackFloor)
	case got > 3*ref:
		t.Fatalf("%s, over three times more. %s", what, flTooHighNote)
	}
	t.Logf("a suspended Async task: %.0f bytes by your measurement, %.0f by the reference", got, ref)
}

func TestStateMachineTasksCostBytesEach(t *testing.T) {
	floor := unsafe.Sizeof(tenthousandtasks.StateMachineTask{})
	ref := flMeasure(flTasks, tenthousandtasks.NewStateMachineTask)
	got := flCall(t, fmt.Sprintf("MeasureStateMachines(%d)", flTasks), func() float64 { return tenthousandtasks.MeasureStateMachines(flTasks) })
	what := fmt.Sprintf("MeasureStateMachines(%d) returned %s bytes per task; the reference measurement finds %.1f bytes per "+
		"suspended state machine on %s/%s (the %d-byte struct rounded up to the allocator's 16, plus its slot in the slice)",
		flTasks, flNum(got, 1), ref, runtime.GOOS, runtime.GOARCH, floor)
	switch {
	case got == 0:
		t.Fatalf("%s. %s", what, flZeroNote)
	case got < -1:
		t.Fatalf("%s. %s", what, flNegativeNote)
	case got < float64(floor):
		t.Fatalf("%s, less than the %d bytes of the struct itself, so some tasks were not counted. %s", what, floor, flUnreachableNote)
	case got < ref/3:
		t.Fatalf("%s, over three times less. %s", what, flUnreachableNote)
	case got > 3*ref:
		t.Fatalf("%s, over three times more. %s", what, flTooHighNote)
	}
	t.Logf("a suspended state machine: %.1f bytes by your measurement, %.1f by the reference", got, ref)
}

func TestStateMachinesAreAtLeast20TimesSmaller(t *testing.T) {
	async := flCall(t, fmt.Sprintf("MeasureAsync(%d)", flTasks), func() float64 { return tenthousandtasks.MeasureAsync(flTasks) })
	sm := flCall(t, fmt.Sprintf("MeasureStateMachines(%d)", flTasks), func() float64 { return tenthousandtasks.MeasureStateMachines(flTasks) })
	if sm <= 0 {
		t.Fatalf("MeasureAsync found %s bytes per suspended Async task and MeasureStateMachines %s per state machine; "+
			"with no positive figure for the state machines there is nothing to compare. A suspended state machine holds "+
			"its fields, so it costs a few bytes, never nothing", flNum(async, 0), flNum(sm, 1))
	}
	if ratio := async / sm; ratio < 20 {
		t.Fatalf("MeasureAsync found %.0f bytes per suspended Async task and MeasureStateMachines %.1f per state machine: "+
			"only %.1f times less. The lesson's claim, measured in Go: a state machine keeps just its fields, a suspended "+
			"coroutine keeps a whole goroutine stack, so the state machines should come out at least 20 times smaller",
			async, sm, ratio)
	}
	t.Logf("a suspended Async task: %.0f bytes; a suspended state machine: %.1f bytes; %.0f times less", async, sm, async/sm)
}

func TestBytesPerTaskDropsTheAsyncTasks(t *testing.T) {
	const n = 1000
	flSettle()
	before := runtime.NumGoroutine()
	var panicked any
	func() {
		defer func() { panicked = recover() }()
		tenthousandtasks.MeasureAsync(n)
	}()
	left := runtime.NumGoroutine() - before
	flSettle() // ends whatever was left, so the next checks start clean
	if panicked != nil {
		t.Fatalf("MeasureAsync(%d) panicked: %v", n, panicked)
	}
	if left > n/10 {
		t.Fatalf("after MeasureAsync(%d) returned, %d Async tasks were still suspended, each keeping its goroutine and stack. "+
			"Drop every task with core.Drop once you have read the memory statistics: Rust drops a future when it goes out "+
			"of scope, while Go's collector would release these only at some later collection", n, left)
	}
}

// flPlainTask holds 64 bytes from the moment it is made: a task whose true
// cost is known. flGarbageTask is the same task making garbage on its first
// poll, flFreeingTask the same task letting go of a big buffer that was
// alive before the measurement began.
type flPlainTask struct {
	polled bool
	held   [63]byte
}

func (f *flPlainTask) Poll(cx *core.Context) core.Poll[uint32] {
	if !f.polled {
		f.polled = true
		cx.Waker().Wake()
		return core.Pending[uint32]()
	}
	return core.Ready[uint32](uint32(f.held[0]))
}

// flGarbageSink keeps the latest garbage reachable until the next one
// replaces it, so the compiler cannot leave it out.
var flGarbageSink []byte

const flGarbageSize = 2048

type flGarbageTask struct{ flPlainTask }

func (f *flGarbageTask) Poll(cx *core.Context) core.Poll[uint32] {
	if !f.polled {
		flGarbageSink = make([]byte, flGarbageSize)
	}
	return f.flPlainTask.Poll(cx)
}

// flBig is alive when a measurement starts; the first flFreeingTask polled
// lets go of it, so the heap shrinks while the tasks are measured.
var flBig []byte

const flBigSize = 8 << 20

type flFreeingTask struct{ flPlainTask }

func (f *flFreeingTask) Poll(cx *core.Context) core.Poll[uint32] {
	if !f.polled {
		flBig = nil
	}
	return f.flPlainTask.Poll(cx)
}

// flScattered holds one 64-byte object from its first poll on, made among
// seven others of the same size that become garbage at once: after a
// collection, what is live is scattered over spans that are mostly free.
type flScattered struct {
	polled bool
	held   *[64]byte
}

// flScatterSink keeps each object reachable until the next replaces it, so
// that all eight are really made on the heap.
var flScatterSink *[64]byte

func (f *flScattered) Poll(cx *core.Context) core.Poll[uint32] {
	if !f.polled {
		f.polled = true
		for i := 0; i < 8; i++ {
			flScatterSink = new([64]byte)
		}
		f.held, flScatterSink = flScatterSink, nil
		cx.Waker().Wake()
		return core.Pending[uint32]()
	}
	return core.Ready[uint32](uint32(f.held[0]))
}

func TestBytesPerTaskCountsLiveObjectsNotSpans(t *testing.T) {
	const n = 2000
	newTask := func() core.Future[uint32] { return &flScattered{} }
	ref := flMeasure(n, newTask)
	got := flCall(t, fmt.Sprintf("BytesPerTask(%d, newTask)", n), func() float64 { return tenthousandtasks.BytesPerTask(n, newTask) })
	if got <= 0 || got < ref/3 {
		t.Skipf("not checked yet: BytesPerTask must first count what suspended tasks hold (it found %s bytes apiece "+
			"where the reference finds %.0f; the other checks say what to look at)", flNum(got, 0), ref)
	}
	if tol := max(48, ref/4); got > ref+tol {
		t.Fatalf("BytesPerTask(%d, newTask) found %s bytes per task for tasks that each keep one 64-byte object, made "+
			"among seven others of the same size that are garbage at once; the reference measurement finds %.0f. After "+
			"the collection, those live objects are scattered over memory that is mostly free: read HeapAlloc, the bytes "+
			"of live objects, not HeapInuse or HeapSys, which count every span that holds at least one of them, free "+
			"slots and all", n, flNum(got, 0), ref)
	}
	t.Logf("tasks that each keep one object among garbage of the same size: %.0f bytes by your measurement, %.0f by the reference", got, ref)
}

func TestMeasuresTheGivenTasks(t *testing.T) {
	if p := flGivenFileProblem("ten_thousand_tasks", "tasks.go"); p != "" {
		t.Fatal(p)
	}
	if p := flGivenFuncsProblem("ten_thousand_tasks", "MeasureAsync", "MeasureStateMachines"); p != "" {
		t.Fatal(p)
	}
}

func TestBytesPerTaskIsRightWhenTasksMakeGarbageOrFreeMemory(t *testing.T) {
	const n = 2000
	call := func(what string, newTask func() core.Future[uint32], before func()) float64 {
		return flCall(t, what, func() float64 {
			if before != nil {
				before()
			}
			return tenthousandtasks.BytesPerTask(n, newTask)
		})
	}
	plain := call(fmt.Sprintf("BytesPerTask(%d, newTask)", n), func() core.Future[uint32] { return &flPlainTask{} }, nil)
	if plain < 64 || plain > 256 {
		t.Skipf("not checked yet: BytesPerTask must first measure tasks that hold 64 bytes each and do nothing else "+
			"(it found %s bytes apiece; the other checks say what to look at)", flNum(plain, 0))
	}
	tol := max(48, plain/4)
	head := fmt.Sprintf("BytesPerTask(%d, newTask) found %s bytes per task for tasks that hold 64 bytes each", n, flNum(plain, 0))

	got := call("BytesPerTask with tasks that make garbage", func() core.Future[uint32] { return &flGarbageTask{} }, nil)
	if math.Abs(got-plain) > tol {
		t.Fatalf("%s, but %s for the same tasks when each also makes %d bytes of garbage on its first poll. Garbage is not "+
			"held by anything: call runtime.GC() right before the second reading so the collector has freed it, and read "+
			"HeapAlloc (the live heap), not TotalAlloc, which counts every allocation ever made",
			head, flNum(got, 0), flGarbageSize)
	}

	got = call("BytesPerTask with garbage made before it is called", func() core.Future[uint32] { return &flPlainTask{} }, func() {
		for i := 0; i < 4096; i++ {
			flGarbageSink = make([]byte, 2048)
		}
	})
	if math.Abs(got-plain) > tol {
		t.Fatalf("%s, but %s when the heap held garbage as BytesPerTask was called. Call runtime.GC() right before the "+
			"first reading too: garbage counted in the first reading and freed by the second makes the tasks look smaller "+
			"than they are", head, flNum(got, 0))
	}

	want := plain - float64(flBigSize)/n
	got = call("BytesPerTask with tasks that free memory", func() core.Future[uint32] { return &flFreeingTask{} }, func() {
		flBig = make([]byte, flBigSize)
	})
	switch {
	case got > 1e12:
		t.Fatalf("%s, but %s when the first poll frees an %d MB buffer that was alive before the measurement: the heap "+
			"shrank, and the uint64 counters wrapped around when subtracted. Convert them to float64 before subtracting, "+
			"so a shrinking heap gives a negative difference (here about %s per task)",
			head, flNum(got, 0), flBigSize>>20, flNum(want, 0))
	case math.Abs(got-want) > tol:
		t.Fatalf("%s, and %s when the first poll frees an %d MB buffer that was alive before the measurement; the heap "+
			"shrank by %d bytes per task, so the right figure is about %s. Call runtime.GC() right before the second "+
			"reading so that what was freed is no longer counted, and subtract as float64",
			head, flNum(got, 0), flBigSize>>20, flBigSize/n, flNum(want, 0))
	}
	t.Logf("tasks of 64 bytes: %s bytes each by your measurement, with or without garbage, and %s when the heap shrinks by %d bytes per task",
		flNum(plain, 0), flNum(got, 0), flBigSize/n)
}
