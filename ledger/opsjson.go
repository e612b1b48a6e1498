package ledger

import (
	"encoding/json"
	"sort"
	"strconv"
	"unicode/utf8"
)

// marshalOps is json.Marshal(ops), byte for byte, without reflection: an
// import's entries hold tens of thousands of operations, and encoding them
// was a tenth of its time. A value of a type the register does not store
// (only text, whole numbers and NULL) falls back to encoding/json.
// FuzzMarshalOps holds the two equal.
func marshalOps(ops []Op) ([]byte, error) {
	if ops == nil {
		return []byte("null"), nil
	}
	buf := make([]byte, 0, 512*len(ops)+2)
	buf = append(buf, '[')
	for i := range ops {
		if i > 0 {
			buf = append(buf, ',')
		}
		var ok bool
		if buf, ok = appendOp(buf, &ops[i]); !ok {
			return json.Marshal(ops)
		}
	}
	return append(buf, ']'), nil
}

func appendOp(buf []byte, op *Op) ([]byte, bool) {
	buf = append(buf, `{"op":`...)
	buf = appendJSONString(buf, op.Op)
	buf = append(buf, `,"table":`...)
	buf = appendJSONString(buf, op.Table)
	buf = append(buf, `,"id":`...)
	buf = appendJSONString(buf, op.ID)
	var ok bool
	if len(op.Set) > 0 {
		buf = append(buf, `,"set":`...)
		if buf, ok = appendValues(buf, op.Set); !ok {
			return buf, false
		}
	}
	if len(op.Old) > 0 {
		buf = append(buf, `,"old":`...)
		if buf, ok = appendValues(buf, op.Old); !ok {
			return buf, false
		}
	}
	if len(op.PV) > 0 {
		buf = append(buf, `,"pv":[`...)
		for i, pv := range op.PV {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, `{"ref":`...)
			buf = appendJSONString(buf, pv.Ref)
			buf = append(buf, `,"mac":`...)
			buf = appendJSONString(buf, pv.Mac)
			buf = append(buf, '}')
		}
		buf = append(buf, ']')
	}
	return append(buf, '}'), true
}

// appendValues writes a row's values as an object, keys sorted as
// encoding/json sorts them.
func appendValues(buf []byte, m map[string]any) ([]byte, bool) {
	var small [24]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf = append(buf, '{')
	for i, k := range keys {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, k)
		buf = append(buf, ':')
		switch v := m[k].(type) {
		case string:
			buf = appendJSONString(buf, v)
		case int64:
			buf = strconv.AppendInt(buf, v, 10)
		case nil:
			buf = append(buf, "null"...)
		default:
			return buf, false
		}
	}
	return append(buf, '}'), true
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as encoding/json does (HTML characters, line
// and paragraph separators escaped, invalid UTF-8 as U+FFFD).
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch b {
			case '\\', '"':
				buf = append(buf, '\\', b)
			case '\b':
				buf = append(buf, '\\', 'b')
			case '\f':
				buf = append(buf, '\\', 'f')
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
