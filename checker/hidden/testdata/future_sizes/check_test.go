package futuresizes_test

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/futurelings/futurelings/core"
	futuresizes "github.com/futurelings/futurelings/exercises/2_state_machines/future_sizes"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
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
			t.Fatalf("%s: poll #%d panicked: %v%s", name, s.N, s.PanicText(), flTrace(r))
		case i < pendings && s.Result.IsReady():
			t.Fatalf("%s: poll #%d returned %v; want Pending: %s%s", name, s.N, s.Result, why, flTrace(r))
		case i < pendings && s.Wakes == 0 && s.N == len(steps) && r.WaitForLateWake(100*time.Millisecond):
			t.Fatalf("%s: poll #%d returned Pending without waking the waker during the poll; the waker was called "+
				"only afterwards, from elsewhere (another goroutine or a timer). An executor would poll again then, so "+
				"the wake is not lost, but nothing here runs elsewhere: poll the YieldOnce with the cx you were given "+
				"and pass its Pending on, once it has woken the waker itself%s", name, s.N, flTrace(r))
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
		"HoldsBigData:%s",
		big, one, flPlatform(), flLayout(reflect.TypeFor[futuresizes.HoldsBigData]()))
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

// flPredictionConsts finds the Predict* constants in the package's source:
// each name with the expression it is written as, and the file and line.
func flPredictionConsts() (fset *token.FileSet, files []*ast.File, exprs map[string]ast.Expr, unsafeName map[*ast.File]string) {
	fset, files = flSyntax()
	exprs = map[string]ast.Expr{}
	unsafeName = map[*ast.File]string{}
	for _, f := range files {
		unsafeName[f] = flImportName(f, "unsafe")
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						exprs[n.Name] = vs.Values[i]
					}
				}
			}
		}
	}
	return fset, files, exprs, unsafeName
}

func TestPredictionsAreWorkedOutNotMeasured(t *testing.T) {
	fset, files, exprs, unsafeName := flPredictionConsts()
	fileOf := func(e ast.Expr) *ast.File {
		for _, f := range files {
			if f.Pos() <= e.Pos() && e.Pos() < f.End() {
				return f
			}
		}
		return nil
	}
	for _, name := range []string{"PredictNoAwaits", "PredictOneAwait", "PredictHoldsBigData", "PredictHoldsBigDataTrimmed"} {
		seen := map[string]bool{"Word": true} // Word is given, and measures a word, not a future
		var uses []flUse
		var walk func(string)
		walk = func(c string) {
			if seen[c] || exprs[c] == nil {
				return
			}
			seen[c] = true
			e := exprs[c]
			un := unsafeName[fileOf(e)]
			ast.Inspect(e, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					if x, ok := n.X.(*ast.Ident); ok && un != "" && x.Name == un {
						uses = append(uses, flUse{At: flPos(fset, n.Pos()), What: un + "." + n.Sel.Name})
					}
				case *ast.Ident:
					walk(n.Name)
				}
				return true
			})
		}
		walk(name)
		if len(uses) > 0 {
			t.Fatalf("%s is written with %s. That asks the compiler for the answer: the checks measure with "+
				"unsafe.Sizeof themselves, so a prediction that calls it always agrees and teaches nothing. Work it "+
				"out from the fields instead (their sizes, the padding before each, the rounding at the end), as a "+
				"constant expression with Word for each word-sized part", name, flList(uses))
		}
	}
}

// flSizes386 is the layout of the gc compiler for 386: a 32-bit platform,
// where a word is 4 bytes and 8-byte integers are aligned to 4.
var flSizes386 = types.SizesFor("gc", "386")

// flPredictions386 evaluates the predictions as they would be compiled for
// 386, with Word = 4. A prediction that cannot be evaluated is left out.
func flPredictions386() map[string]uint64 {
	fset, files := flSyntax()
	conf := types.Config{
		Importer: flNoImports{},
		Sizes:    flSizes386,
		Error:    func(error) {}, // the code compiles; only the constants matter here
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	conf.Check("futuresizes", fset, files, info)
	out := map[string]uint64{}
	for id, obj := range info.Defs {
		c, ok := obj.(*types.Const)
		if !ok || !(strings.HasPrefix(id.Name, "Predict") || id.Name == "Word") || c.Val().Kind() != constant.Int {
			continue
		}
		if v, exact := constant.Uint64Val(c.Val()); exact {
			out[id.Name] = v
		}
	}
	return out
}

// flNoImports imports nothing: the predictions need no other package, and
// go/types carries on with a stand-in for each one it cannot import.
type flNoImports struct{}

func (flNoImports) Import(path string) (*types.Package, error) {
	return nil, fmt.Errorf("%s is not needed to evaluate the predictions", path)
}

// flSize386 works out what a type's size and alignment would be on 386,
// from its fields, with the rules the gc compiler uses there.
func flSize386(t reflect.Type) (size, align uintptr) {
	switch t.Kind() {
	case reflect.Bool, reflect.Int8, reflect.Uint8:
		return 1, 1
	case reflect.Int16, reflect.Uint16:
		return 2, 2
	case reflect.Int32, reflect.Uint32, reflect.Float32:
		return 4, 4
	case reflect.Int64, reflect.Uint64, reflect.Float64, reflect.Complex64:
		return 8, 4
	case reflect.Complex128:
		return 16, 4
	case reflect.Int, reflect.Uint, reflect.Uintptr, reflect.Pointer, reflect.UnsafePointer,
		reflect.Map, reflect.Chan, reflect.Func:
		return 4, 4
	case reflect.String, reflect.Interface:
		return 8, 4
	case reflect.Slice:
		return 12, 4
	case reflect.Array:
		s, a := flSize386(t.Elem())
		return s * uintptr(t.Len()), a
	case reflect.Struct:
		var off, maxAlign uintptr = 0, 1
		for i := 0; i < t.NumField(); i++ {
			s, a := flSize386(t.Field(i).Type)
			off = (off + a - 1) / a * a
			off += s
			maxAlign = max(maxAlign, a)
		}
		if n := t.NumField(); n > 0 && off > 0 {
			if s, _ := flSize386(t.Field(n - 1).Type); s == 0 {
				off++ // a zero-size last field gets a byte, so no pointer runs past the struct
			}
		}
		return (off + maxAlign - 1) / maxAlign * maxAlign, maxAlign
	}
	return t.Size(), uintptr(t.Align())
}

func TestPredictionsHoldOn32BitPlatformsToo(t *testing.T) {
	if flWord == 4 {
		return // the checks above already compare them on this 32-bit platform
	}
	preds := flPredictions386()
	for _, c := range []struct {
		name      string
		typ       reflect.Type
		predicted uintptr
	}{
		{"PredictNoAwaits", reflect.TypeFor[futuresizes.NoAwaits](), uintptr(futuresizes.PredictNoAwaits)},
		{"PredictOneAwait", reflect.TypeFor[futuresizes.OneAwait](), uintptr(futuresizes.PredictOneAwait)},
		{"PredictHoldsBigData", reflect.TypeFor[futuresizes.HoldsBigData](), uintptr(futuresizes.PredictHoldsBigData)},
		{"PredictHoldsBigDataTrimmed", reflect.TypeFor[futuresizes.HoldsBigDataTrimmed](), uintptr(futuresizes.PredictHoldsBigDataTrimmed)},
	} {
		if c.predicted != c.typ.Size() {
			continue // wrong here already: its own check says why
		}
		got, ok := preds[c.name]
		want, _ := flSize386(c.typ)
		if !ok || uintptr(got) == want {
			continue
		}
		var parts []string
		for i := 0; i < c.typ.NumField(); i++ {
			f := c.typ.Field(i)
			s, _ := flSize386(f.Type)
			parts = append(parts, fmt.Sprintf("%s %d", f.Name, s))
		}
		t.Fatalf("%s is right on %s, but compiled for a 32-bit platform such as 386 it would be %d, and %s is %s there "+
			"(fields: %s, before padding). A word is 4 bytes on 32-bit platforms: write every word-sized part (an int, "+
			"a pointer) as Word rather than 8, so that the same prediction holds wherever the course is built",
			c.name, flPlatform(), got, flTypeName(c.typ), flBytes(want), strings.Join(parts, ", "))
	}
}

func TestFuturesKeepTheirStateInline(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[futuresizes.NoAwaits](), reflect.TypeFor[futuresizes.OneAwait](),
		reflect.TypeFor[futuresizes.HoldsBigData](), reflect.TypeFor[futuresizes.HoldsBigDataTrimmed](),
	} {
		if path, ft := flIndirect(typ, flTypeName(typ), typ.PkgPath()); path != "" {
			t.Fatalf("%s is %s, %s. What a future keeps behind it lives elsewhere on the heap, where unsafe.Sizeof "+
				"does not see it, so the size would no longer show what the future holds; a Rust enum keeps its "+
				"sub-future and its locals inline. Keep the value itself in the field",
				path, flTypeName(ft), flNote(ft)[2:len(flNote(ft))-1])
		}
	}
}

// flIndirect finds a field of t, or of a struct or array of t's own package
// inside it, that refers to memory elsewhere.
func flIndirect(t reflect.Type, path, pkg string) (string, reflect.Type) {
	switch t.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Interface, reflect.Slice, reflect.Map, reflect.Chan, reflect.Func:
		return path, t
	case reflect.Array:
		return flIndirect(t.Elem(), path+"[0]", pkg)
	case reflect.Struct:
		if t.PkgPath() != pkg && t.Name() != "" {
			return "", nil // another package's type, such as your YieldOnce: its fields are its own business
		}
		for i := 0; i < t.NumField(); i++ {
			if p, ft := flIndirect(t.Field(i).Type, path+"."+t.Field(i).Name, pkg); p != "" {
				return p, ft
			}
		}
	}
	return "", nil
}

// flYieldOnceType is the type of the sub-future each await keeps inline:
// the learner's own YieldOnce from the yield_once exercise.
var flYieldOnceType = reflect.TypeFor[yieldonce.YieldOnce[uint32]]()

// flInlineYieldOnces returns every YieldOnce[uint32] kept inline in the
// struct that f points to, addressable and writable.
func flInlineYieldOnces(f any) []reflect.Value {
	var out []reflect.Value
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if v.CanAddr() && !v.CanSet() {
			v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
		}
		switch {
		case v.Type() == flYieldOnceType:
			out = append(out, v)
		case v.Kind() == reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i))
			}
		case v.Kind() == reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(f).Elem())
	return out
}

// flInspectYieldOnce polls a copy of the YieldOnce at v, leaving v alone:
// whether it has been polled already, and what it is (or would be) Ready
// with.
func flInspectYieldOnce(v reflect.Value) (polled bool, value uint32, done bool) {
	defer func() {
		if recover() != nil {
			done = true
		}
	}()
	cp := reflect.New(flYieldOnceType)
	cp.Elem().Set(v)
	fut := cp.Interface().(core.Future[uint32])
	cx := core.NewContext(core.NoopWaker())
	if p := fut.Poll(cx); p.IsReady() {
		return true, p.Unwrap(), false
	}
	return false, fut.Poll(cx).Unwrap(), false
}

func TestEachAwaitPollsItsYieldOnce(t *testing.T) {
	if p := flGivenFileProblem("future_sizes", "inline.go"); p != "" {
		t.Fatal(p)
	}
	const mask = 0x5A5A00
	for _, c := range []struct {
		name  string
		fut   func() core.Future[uint32]
		value uint32 // what the YieldOnce is made with
		uses  bool   // the future returns what the YieldOnce is Ready with
	}{
		{"OneAwait", func() core.Future[uint32] { return futuresizes.NewOneAwait() }, 42, true},
		{"HoldsBigData", func() core.Future[uint32] { return futuresizes.NewHoldsBigData() }, 0, false},
		{"HoldsBigDataTrimmed", func() core.Future[uint32] { return futuresizes.NewHoldsBigDataTrimmed() }, 0, false},
	} {
		f := c.fut()
		r := core.NewRecorder(f)
		if s := r.Step(); s.Panicked || s.Result.IsReady() {
			continue // the checks of each future's polls say what is wrong
		}
		var live []reflect.Value
		for _, v := range flInlineYieldOnces(f) {
			if _, _, done := flInspectYieldOnce(v); !done {
				live = append(live, v)
			}
		}
		if len(live) != 1 {
			continue // the size and layout checks say where the YieldOnce should be
		}
		polled, value, _ := flInspectYieldOnce(live[0])
		switch {
		case !polled:
			t.Fatalf("%s: poll #1 returned Pending, but the YieldOnce it keeps had not been polled: the Pending and "+
				"the wake were its own. Poll the YieldOnce at once, in the same poll, and return its Pending: an "+
				"await is a poll of the sub-future, and the sub-future's wake is what asks for the next poll%s",
				c.name, flTrace(r))
		case value != c.value:
			t.Fatalf("%s: after poll #1 it awaits a YieldOnce of %d; the lesson's function awaits yield_once(%d), "+
				"so make it with NewYieldOnce(uint32(%d))%s", c.name, value, c.value, c.value, flTrace(r))
		}
		if !c.uses {
			continue
		}
		// Swap the YieldOnce for one that is Ready with something else:
		// what OneAwait returns must be what its await returned.
		fresh := futuresizes.NewYieldOnce(uint32(c.value ^ mask))
		fresh.Poll(core.NewContext(core.NoopWaker()))
		live[0].Set(reflect.ValueOf(fresh))
		s := r.Step()
		if s.Panicked || s.Result.IsPending() {
			continue
		}
		if got := s.Result.Unwrap(); got != c.value^mask {
			t.Fatalf("%s: the checks swapped its YieldOnce(%d) for one that is Ready with %d, but poll #2 returned %v: "+
				"one_await returns what its await returns, so pass on the value the YieldOnce's poll is Ready with "+
				"rather than a 42 of your own%s", c.name, c.value, c.value^mask, s.Result, flTrace(r))
		}
	}
}

func TestHoldsBigDataReturnsWhatItsBufferHolds(t *testing.T) {
	f := futuresizes.NewHoldsBigData()
	r := core.NewRecorder[uint32](f)
	if s := r.Step(); s.Panicked || s.Result.IsReady() {
		return // TestHoldsBigDataReturns0AfterOnePending says what is wrong
	}
	// Find the buffer, kept inline, and write into its first byte while
	// the future waits: buf[0] is read after the await.
	v := reflect.ValueOf(f).Elem()
	var buf reflect.Value
	for i := 0; i < v.NumField(); i++ {
		if ft := v.Field(i).Type(); ft.Kind() == reflect.Array && ft.Len() == 1024 && ft.Elem().Kind() == reflect.Uint8 {
			buf = reflect.NewAt(ft, unsafe.Pointer(v.Field(i).UnsafeAddr())).Elem()
		}
	}
	if !buf.IsValid() {
		return // TestFuturesKeepTheirStateInline and the size checks say where it should be
	}
	const poked = 0x5A
	buf.Index(0).SetUint(poked)
	s := r.Step()
	if s.Panicked || s.Result.IsPending() {
		return
	}
	if got := s.Result.Unwrap(); got != poked {
		t.Fatalf("HoldsBigData: while it waited at its await, the checks set buf[0] to %d, but poll #2 returned %v. "+
			"holds_big_data returns buf[0] as u32, read after the await: that read is why the whole buffer is kept "+
			"across it, so return uint32(f.buf[0]) rather than a 0 of your own%s", poked, s.Result, flTrace(r))
	}
}

func TestWordIsAWord(t *testing.T) {
	if futuresizes.Word != flWord {
		t.Fatalf("Word is %d, but a word (a pointer, an int) is %d bytes on %s. Word is given as "+
			"unsafe.Sizeof(uintptr(0)); put it back, so that predictions written with it are worked out, not measured",
			futuresizes.Word, flWord, flPlatform())
	}
	if w, ok := flPredictions386()["Word"]; ok && w != 4 {
		t.Fatalf("Word would be %d on a 32-bit platform such as 386, where a word is 4 bytes. Word is given as "+
			"unsafe.Sizeof(uintptr(0)); put it back, so that predictions written with it are worked out, not measured", w)
	}
}

func TestIsAHandWrittenStateMachine(t *testing.T) {
	if problem := flHandWrittenProblem("future_sizes"); problem != "" {
		t.Fatal(problem)
	}
}

// flTryPoke polls, after poll #1, a copy of the trimmed future whose
// integer field at index is set to poked, and reports whether that copy was
// then Ready(poked): that field is the byte it kept.
func flTryPoke(f *futuresizes.HoldsBigDataTrimmed, index []int, poked int64) (found bool) {
	defer func() {
		if recover() != nil {
			found = false
		}
	}()
	cp := *f
	field := reflect.ValueOf(&cp).Elem().FieldByIndex(index)
	field = reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem()
	if field.CanUint() {
		field.SetUint(uint64(poked))
	} else {
		field.SetInt(poked)
	}
	p := cp.Poll(core.NewContext(core.NoopWaker()))
	v, ok := p.Value()
	return ok && int64(v) == poked
}

// flIntFields returns the index of every integer field of t, in nested
// structs and arrays of its own too, but not inside the YieldOnce.
func flIntFields(t reflect.Type, prefix []int) [][]int {
	var out [][]int
	for i := 0; i < t.NumField(); i++ {
		ft := t.Field(i).Type
		index := append(append([]int{}, prefix...), i)
		switch {
		case ft == flYieldOnceType:
		case ft.Kind() == reflect.Struct:
			out = append(out, flIntFields(ft, index)...)
		case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Uintptr:
			out = append(out, index)
		}
	}
	return out
}

func TestHoldsBigDataTrimmedReturnsTheByteItKept(t *testing.T) {
	f := futuresizes.NewHoldsBigDataTrimmed()
	r := core.NewRecorder[uint32](f)
	if s := r.Step(); s.Panicked || s.Result.IsReady() {
		return // TestHoldsBigDataTrimmedReturns0AfterOnePending says what is wrong
	}
	// Which field holds buf[0]? Each integer field in turn is set to a byte
	// on a copy of the waiting future; the copy's next poll must be Ready
	// with it for one of them.
	const poked = 0x5A
	fields := flIntFields(reflect.TypeFor[futuresizes.HoldsBigDataTrimmed](), nil)
	for _, index := range fields {
		if flTryPoke(f, index, poked) {
			return
		}
	}
	what := "has no integer field to keep it in"
	if len(fields) > 0 {
		what = "returns none of its fields"
	}
	t.Fatalf("HoldsBigDataTrimmed, waiting at its await, %s: the checks set each of its integer fields in turn to "+
		"%d, and no next poll returned Ready(%d). holds_big_data_trimmed reads buf[0] before the await, keeps that "+
		"one byte across it and returns it as u32: keep it in a field (a byte will do) and return uint32 of that "+
		"field, rather than a 0 of your own%s", what, poked, poked, flTrace(r))
}
