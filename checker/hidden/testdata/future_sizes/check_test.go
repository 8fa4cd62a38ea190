package futuresizes_test

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/futurelings/futurelings/core"
	futuresizes "github.com/futurelings/futurelings/exercises/2_state_machines/future_sizes"
)

// flWord is the size of a pointer on the platform the checks run on.
const flWord = unsafe.Sizeof(uintptr(0))

// flMaxPolls bounds every run: the futures here need one or two polls.
const flMaxPolls = 4

// flPlatform names the platform and its word, for messages.
func flPlatform() string {
	return fmt.Sprintf("%s (%d-bit: a word is %d bytes)", runtime.GOARCH, 8*flWord, flWord)
}

// flRun polls f until it is Ready, panics, returns Pending without a wake,
// or has been polled flMaxPolls times.
func flRun(f core.Future[uint32]) *core.Recorder[uint32] {
	r := core.NewRecorder(f)
	r.Run(flMaxPolls)
	return r
}

func flTrace(r *core.Recorder[uint32]) string {
	var b strings.Builder
	b.WriteString("\npoll by poll:")
	for _, line := range strings.Split(strings.TrimRight(r.Trace(), "\n"), "\n") {
		b.WriteString("\n    " + line)
	}
	return b.String()
}

// flCheckRun checks that f is Pending (with one wake) `pendings` times and
// then Ready(want). why says where the Pending comes from.
func flCheckRun(t *testing.T, name string, f core.Future[uint32], pendings int, want uint32, why string) {
	t.Helper()
	r := flRun(f)
	steps := r.Steps()
	for i, s := range steps {
		switch {
		case s.Panicked:
			t.Fatalf("%s: poll #%d panicked: %v%s", name, s.N, s.Panic, flTrace(r))
		case i < pendings && s.Result.IsReady():
			t.Fatalf("%s: poll #%d returned %v; want Pending: %s%s", name, s.N, s.Result, why, flTrace(r))
		case i < pendings && s.Wakes == 0:
			t.Fatalf("%s: poll #%d returned Pending without waking the waker, so no executor would poll it again. "+
				"Poll the YieldOnce with the cx you were given and pass its Pending on: it has already woken the waker%s",
				name, s.N, flTrace(r))
		case i < pendings && s.Wakes > 1:
			t.Fatalf("%s: poll #%d woke the waker %d times; want once (the YieldOnce does it)%s", name, s.N, s.Wakes, flTrace(r))
		case i == pendings && s.Result.IsPending():
			if pendings == 0 {
				t.Fatalf("%s: poll #%d returned Pending; want Ready(%d): %s%s", name, s.N, want, why, flTrace(r))
			}
			t.Fatalf("%s: poll #%d returned Pending; want Ready(%d): the YieldOnce is Ready on its second poll, "+
				"and so is the future awaiting it%s", name, s.N, want, flTrace(r))
		case i == pendings && s.Result.Unwrap() != want:
			t.Fatalf("%s: poll #%d returned %v; want Ready(%d)%s", name, s.N, s.Result, want, flTrace(r))
		case i == pendings && s.Wakes > 0:
			t.Fatalf("%s: poll #%d returned %v but also woke the waker; a finished future must not ask to be polled again%s",
				name, s.N, s.Result, flTrace(r))
		case i == pendings:
			return
		}
	}
	t.Fatalf("%s was still Pending after %d polls; want Ready(%d) on poll #%d%s", name, len(steps), want, pendings+1, flTrace(r))
}

func TestNoAwaitsIsReadyWith42AtOnce(t *testing.T) {
	flCheckRun(t, "NoAwaits", futuresizes.NewNoAwaits(), 0, 42,
		"no_awaits has no .await, so nothing can make it wait")
}

func TestOneAwaitReturns42AfterOnePending(t *testing.T) {
	flCheckRun(t, "OneAwait", futuresizes.NewOneAwait(), 1, 42,
		"one_await awaits a YieldOnce(42), which is always Pending on its first poll, and so is the future awaiting it")
}

func TestHoldsBigDataReturns0AfterOnePending(t *testing.T) {
	flCheckRun(t, "HoldsBigData", futuresizes.NewHoldsBigData(), 1, 0,
		"holds_big_data awaits a YieldOnce(0), which is always Pending on its first poll, and so is the future awaiting it")
}

func TestHoldsBigDataTrimmedReturns0AfterOnePending(t *testing.T) {
	flCheckRun(t, "HoldsBigDataTrimmed", futuresizes.NewHoldsBigDataTrimmed(), 1, 0,
		"it awaits a YieldOnce(0) just as HoldsBigData does, and a YieldOnce is always Pending on its first poll")
}

// flSize is unsafe.Sizeof of a value of type T.
func flSize[T any]() uintptr { return reflect.TypeFor[T]().Size() }

func TestHoldsBigDataIsAtLeast1024BytesBiggerThanOneAwait(t *testing.T) {
	big, one := flSize[futuresizes.HoldsBigData](), flSize[futuresizes.OneAwait]()
	if big >= one+1024 {
		return
	}
	t.Fatalf("HoldsBigData is %d bytes and OneAwait %d on %s; HoldsBigData should be at least 1024 bytes bigger, "+
		"because it keeps the whole [1024]byte buffer across its await, inside the future, the way Rust's enum does. "+
		"A pointer, slice or interface only refers to memory elsewhere, which unsafe.Sizeof does not count.\n"+
		"HoldsBigData:%s\nOneAwait:%s",
		big, one, flPlatform(), flLayout(reflect.TypeFor[futuresizes.HoldsBigData]()), flLayout(reflect.TypeFor[futuresizes.OneAwait]()))
}

func TestHoldsBigDataTrimmedIsSmall(t *testing.T) {
	limit := 8 * flWord
	size := flSize[futuresizes.HoldsBigDataTrimmed]()
	if size < limit {
		return
	}
	t.Fatalf("HoldsBigDataTrimmed is %d bytes on %s; want less than %d (eight words). After the await it only needs buf[0], "+
		"so keep that one byte in the future and let the buffer be a local variable of Poll, gone once the poll returns.\n"+
		"HoldsBigDataTrimmed:%s",
		size, flPlatform(), limit, flLayout(reflect.TypeFor[futuresizes.HoldsBigDataTrimmed]()))
}

// TestHoldsBigDataTrimmedDoesNotKeepTheBufferElsewhere suspends many trimmed
// futures and looks at the heap: a buffer moved behind a pointer is still
// kept, even though unsafe.Sizeof no longer sees it.
func TestHoldsBigDataTrimmedDoesNotKeepTheBufferElsewhere(t *testing.T) {
	const n = 1000
	const limit = 512 // bytes of heap per future beyond the future itself
	var before, after runtime.MemStats
	futs := make([]*futuresizes.HoldsBigDataTrimmed, n)
	cx := core.NewContext(core.NoopWaker())
	flSettle()
	runtime.ReadMemStats(&before)
	for i := range futs {
		futs[i] = futuresizes.NewHoldsBigDataTrimmed()
		if p, ok := flPollOnce(futs[i], cx); !ok {
			t.Fatalf("HoldsBigDataTrimmed: poll #1 panicked: %v", p)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(futs)
	size := flSize[futuresizes.HoldsBigDataTrimmed]()
	held := (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n
	if held-float64(size) < limit {
		return
	}
	t.Fatalf("%d HoldsBigDataTrimmed futures, each suspended at its await, held about %.0f bytes of heap apiece, "+
		"although unsafe.Sizeof says a future is only %d bytes: something it points to is still alive (the buffer?). "+
		"Keep only buf[0] once the poll returns; the buffer should be a local variable of Poll.",
		n, held, size)
}

// flPollOnce polls f once, recovering a panic.
func flPollOnce(f core.Future[uint32], cx *core.Context) (p any, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			p, ok = r, false
		}
	}()
	f.Poll(cx)
	return nil, true
}

// flSettle collects garbage until the heap stops shrinking, so that a
// measurement starts from a quiet heap.
func flSettle() {
	var m runtime.MemStats
	last := ^uint64(0)
	for i := 0; i < 10; i++ {
		runtime.GC()
		runtime.ReadMemStats(&m)
		if m.HeapAlloc+4096 >= last {
			return
		}
		last = m.HeapAlloc
		time.Sleep(time.Millisecond)
	}
}

func TestPredictedSizeOfNoAwaits(t *testing.T) {
	flCheckPrediction[futuresizes.NoAwaits](t, "PredictNoAwaits", uintptr(futuresizes.PredictNoAwaits))
}

func TestPredictedSizeOfOneAwait(t *testing.T) {
	flCheckPrediction[futuresizes.OneAwait](t, "PredictOneAwait", uintptr(futuresizes.PredictOneAwait))
}

func TestPredictedSizeOfHoldsBigData(t *testing.T) {
	flCheckPrediction[futuresizes.HoldsBigData](t, "PredictHoldsBigData", uintptr(futuresizes.PredictHoldsBigData))
}

func TestPredictedSizeOfHoldsBigDataTrimmed(t *testing.T) {
	flCheckPrediction[futuresizes.HoldsBigDataTrimmed](t, "PredictHoldsBigDataTrimmed", uintptr(futuresizes.PredictHoldsBigDataTrimmed))
}

func flCheckPrediction[T any](t *testing.T, constName string, predicted uintptr) {
	t.Helper()
	typ := reflect.TypeFor[T]()
	size := typ.Size()
	if predicted == size {
		return
	}
	name := flTypeName(typ)
	var hints []string
	if sum := flFieldSum(typ); predicted == sum && sum != size {
		hints = append(hints, fmt.Sprintf("%d is what the fields add up to; the other %d bytes are padding "+
			"(the lines marked padding below).", sum, size-sum))
	}
	if predicted == flWord && size != flWord {
		hints = append(hints, fmt.Sprintf("%d is the size of a pointer: if it came from unsafe.Sizeof(New%s()), that measures the *%s, not the future. "+
			"Rust's size_of_val(&f) looks through the reference; Go's unsafe.Sizeof does not, so measure %s{} or *f.",
			flWord, name, name, name))
	}
	if predicted == 0 {
		// No guess yet: showing the layout now would give the answer away.
		t.Fatalf("%s is still 0, the placeholder, and unsafe.Sizeof(%s{}) is not 0 on %s. "+
			"Predict it first: add up the fields of %s with the sizes in the package comment, padding included, "+
			"and write the result in %s. A wrong guess is answered with the layout.",
			constName, name, flPlatform(), name, constName)
	}
	hint := ""
	if len(hints) > 0 {
		hint = "\n" + strings.Join(hints, "\n")
	}
	t.Fatalf("%s is %d, but unsafe.Sizeof(%s{}) is %s on %s.%s\nThe layout of %s, with offsets from its start:%s",
		constName, predicted, name, flBytes(size), flPlatform(), hint, name, flLayout(typ))
}

func flBytes(n uintptr) string {
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// flTypeName is a type's name without the package qualifier.
func flTypeName(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), "futuresizes.", "")
}

// flFieldSum adds up the sizes of every field that is not itself a struct,
// leaving out all padding.
func flFieldSum(t reflect.Type) uintptr {
	if t.Kind() != reflect.Struct {
		return t.Size()
	}
	var sum uintptr
	for i := 0; i < t.NumField(); i++ {
		sum += flFieldSum(t.Field(i).Type)
	}
	return sum
}

// flLayout draws a type's layout: every field with its offset and size,
// every run of padding and why it is there.
func flLayout(t reflect.Type) string {
	var b strings.Builder
	b.WriteString("\n    offset  size")
	if t.Kind() != reflect.Struct {
		fmt.Fprintf(&b, "\n    %6d  %4d  %s%s", 0, t.Size(), flTypeName(t), flNote(t))
	} else {
		flFields(&b, t, 0, "", 0)
	}
	fmt.Fprintf(&b, "\n    %6d        = %s in all (a multiple of %d, the alignment of %s)",
		t.Size(), flBytes(t.Size()), t.Align(), flTypeName(t))
	return b.String()
}

func flFields(b *strings.Builder, t reflect.Type, base uintptr, indent string, depth int) {
	var end uintptr
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Offset > end {
			fmt.Fprintf(b, "\n    %6d  %4d  %s(padding: %s must start at a multiple of %d)",
				base+end, f.Offset-end, indent, f.Name, f.Type.Align())
		}
		fmt.Fprintf(b, "\n    %6d  %4d  %s%s %s%s", base+f.Offset, f.Type.Size(), indent, f.Name, flTypeName(f.Type), flNote(f.Type))
		if f.Type.Kind() == reflect.Struct && f.Type.NumField() > 0 && depth < 2 {
			flFields(b, f.Type, base+f.Offset, indent+"    ", depth+1)
		}
		end = f.Offset + f.Type.Size()
	}
	if t.Size() > end {
		fmt.Fprintf(b, "\n    %6d  %4d  %s(padding: the size of %s is rounded up to a multiple of %d, its alignment)",
			base+end, t.Size()-end, indent, flTypeName(t), t.Align())
	}
}

// flNote says what a field of this type costs and what it leaves out.
func flNote(t reflect.Type) string {
	note := ""
	switch t.Kind() {
	case reflect.Int, reflect.Uint, reflect.Uintptr:
		note = "one word"
	case reflect.Pointer, reflect.UnsafePointer:
		note = "a pointer, one word; what it points to is not counted"
	case reflect.Map, reflect.Chan, reflect.Func:
		note = "one word, a pointer; what it refers to is not counted"
	case reflect.Interface:
		note = "an interface, two words (type and pointer); the value inside is not counted"
	case reflect.String:
		note = "two words (pointer and length); the bytes are not counted"
	case reflect.Slice:
		note = "three words (pointer, length, capacity); the elements are not counted"
	case reflect.Int64, reflect.Uint64, reflect.Float64, reflect.Complex64, reflect.Complex128:
		if t.Align() < int(t.Size()) {
			note = fmt.Sprintf("aligned to %d on this platform", t.Align())
		}
	}
	if kind := t.Kind().String(); t.Name() != "" && t.Name() != kind && t.Kind() <= reflect.Complex128 {
		if note == "" {
			note = "a " + kind
		} else {
			note = "a " + kind + ", " + note
		}
	}
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}
