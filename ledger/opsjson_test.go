package ledger

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// fuzzOps makes operations of every kind from a fuzzer's values: text,
// numbers and NULLs in set and old, keyed hashes.
func fuzzOps(table, id, col, s string, n int64, other string, withOld bool) []Op {
	ops := []Op{
		{Op: "insert", Table: table, ID: id, Set: map[string]any{col: s, "n": n, "z": nil, other: other},
			PV: []PMac{{Ref: s, Mac: other}, {Ref: id, Mac: ""}}},
		{Op: "delete", Table: other, ID: s},
	}
	if withOld {
		ops = append(ops, Op{Op: "update", Table: table, ID: id, Set: map[string]any{col: n}, Old: map[string]any{col: other, s: nil}})
	}
	return ops
}

// FuzzMarshalOps: marshalOps writes what json.Marshal writes, whatever the
// text (escapes, invalid UTF-8, separators) and numbers.
func FuzzMarshalOps(f *testing.F) {
	f.Add("people", "0194-a", "name_ref", "张三", int64(1), "<b>&\"\\\n\t\x01\u2028é\xff", true)
	f.Add("", "", "", "", int64(-9007199254740993), "\x7f\u2029\b\f\r", false)
	f.Fuzz(func(t *testing.T, table, id, col, s string, n int64, other string, withOld bool) {
		ops := fuzzOps(table, id, col, s, n, other, withOld)
		want, err := json.Marshal(ops)
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalOps(ops)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("marshalOps:\n%s\njson.Marshal:\n%s", got, want)
		}
	})
}

// TestMarshalOpsFallsBack: a value of a type the register does not store
// is encoded by encoding/json, as before.
func TestMarshalOpsFallsBack(t *testing.T) {
	ops := []Op{{Op: "insert", Table: "t", ID: "1", Set: map[string]any{"a": 1.5, "b": true, "c": []string{"x"}}}}
	want, _ := json.Marshal(ops)
	got, err := marshalOps(ops)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("got %s, %v; want %s", got, err, want)
	}
	for _, ops := range [][]Op{nil, {}} {
		want, _ := json.Marshal(ops)
		if got, _ := marshalOps(ops); !bytes.Equal(got, want) {
			t.Fatalf("no operations: %s, want %s", got, want)
		}
	}
}

// FuzzDecodeOps: decodeOpsFast reads what marshalOps writes, whatever the
// text and numbers, and any text it reads decodes as encoding/json decodes
// it; what it leaves, encoding/json reads.
func FuzzDecodeOps(f *testing.F) {
	f.Add("people", "0194-a", "name_ref", "张三", int64(1), "<b>&\"\\\n\t\x01\u2028é\xff", true, `[{"op":"insert","table":"t","id":"1","set":{"a":-0,"b":null}}]`)
	f.Add("", "", "", "", int64(-9007199254740993), "\x7f\u2029\b\f\r", false, `[{"op":"x","table":"t","id":"1","set":{"a":01}}] `)
	f.Add("t", "i", "c", "s", int64(0), "o", false, `[{"op":"a\u0041","table":"t","id":"\ud83d\ude00","pv":[]}]x`)
	f.Add("t", "i", "c", "s", int64(0), "o", false, `[{"op":"a","table":"t","id":"1","set":{"a":1.5,"b":9223372036854775808,"c":1e2}}]`)
	f.Fuzz(func(t *testing.T, table, id, col, s string, n int64, other string, withOld bool, text string) {
		ops := fuzzOps(table, id, col, s, n, other, withOld)
		b, err := marshalOps(ops)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{string(b), text} {
			want, werr := decodeOpsJSON(text)
			got, ok := decodeOpsFast(text)
			if text == string(b) && !ok {
				t.Fatalf("decodeOpsFast refused what marshalOps wrote: %s", text)
			}
			if !ok {
				continue
			}
			if werr != nil {
				t.Fatalf("decodeOpsFast read %q, encoding/json refused it: %v", text, werr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q:\ndecodeOpsFast %#v\nencoding/json %#v", text, got, want)
			}
		}
	})
}
