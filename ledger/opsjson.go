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

// decodeOpsFast reads the operations as marshalOps writes them (no spaces,
// keys in its order, values text, whole numbers or null) without
// reflection: vol check and every replay decode each entry of the journal,
// and encoding/json was a sixth of vol check's time. ok is false for any
// other text, which decodeOps then reads with encoding/json as before, so
// what a text decodes to never depends on the path. FuzzDecodeOps holds
// the two equal.
func decodeOpsFast(text string) (ops []Op, ok bool) {
	p := opsParser{s: text}
	if text == "null" {
		return nil, true
	}
	if !p.eat('[') {
		return nil, false
	}
	ops = []Op{}
	if p.eat(']') {
		return ops, p.i == len(p.s)
	}
	for {
		var op Op
		if !p.op(&op) {
			return nil, false
		}
		ops = append(ops, op)
		if p.eat(',') {
			continue
		}
		if p.eat(']') && p.i == len(p.s) {
			return ops, true
		}
		return nil, false
	}
}

type opsParser struct {
	s string
	i int
}

func (p *opsParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// lit consumes lit when the text goes on with it.
func (p *opsParser) lit(lit string) bool {
	if len(p.s)-p.i >= len(lit) && p.s[p.i:p.i+len(lit)] == lit {
		p.i += len(lit)
		return true
	}
	return false
}

func (p *opsParser) op(op *Op) bool {
	var ok bool
	if !p.lit(`{"op":`) {
		return false
	}
	if op.Op, ok = p.str(); !ok || !p.lit(`,"table":`) {
		return false
	}
	if op.Table, ok = p.str(); !ok || !p.lit(`,"id":`) {
		return false
	}
	if op.ID, ok = p.str(); !ok {
		return false
	}
	if p.lit(`,"set":`) {
		if op.Set, ok = p.values(); !ok {
			return false
		}
	}
	if p.lit(`,"old":`) {
		if op.Old, ok = p.values(); !ok {
			return false
		}
	}
	if p.lit(`,"pv":[`) {
		op.PV = []PMac{}
		for !p.eat(']') {
			if len(op.PV) > 0 && !p.eat(',') {
				return false
			}
			var pm PMac
			if !p.lit(`{"ref":`) {
				return false
			}
			if pm.Ref, ok = p.str(); !ok || !p.lit(`,"mac":`) {
				return false
			}
			if pm.Mac, ok = p.str(); !ok || !p.eat('}') {
				return false
			}
			op.PV = append(op.PV, pm)
		}
	}
	return p.eat('}')
}

// values reads an object of text, whole numbers (as int64) and nulls.
func (p *opsParser) values() (map[string]any, bool) {
	if !p.eat('{') {
		return nil, false
	}
	m := map[string]any{}
	for !p.eat('}') {
		if len(m) > 0 && !p.eat(',') {
			return nil, false
		}
		k, ok := p.str()
		if !ok || !p.eat(':') {
			return nil, false
		}
		switch {
		case p.i < len(p.s) && p.s[p.i] == '"':
			if m[k], ok = p.str(); !ok {
				return nil, false
			}
		case p.lit("null"):
			m[k] = nil
		default:
			n, ok := p.int()
			if !ok {
				return nil, false
			}
			m[k] = n
		}
	}
	return m, true
}

// str reads a string without escapes, in valid UTF-8; one with escapes
// goes to encoding/json, which reads it as decodeOps would.
func (p *opsParser) str() (string, bool) {
	if !p.eat('"') {
		return "", false
	}
	start, escaped := p.i, false
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '"':
			raw := p.s[start:p.i]
			p.i++
			if escaped {
				var s string
				if json.Unmarshal([]byte(p.s[start-1:p.i]), &s) != nil {
					return "", false
				}
				return s, true
			}
			if !utf8.ValidString(raw) {
				return "", false
			}
			return raw, true
		case c == '\\':
			escaped = true
			p.i += 2
		case c < 0x20:
			return "", false
		default:
			p.i++
		}
	}
	return "", false
}

// int reads a JSON number that is a whole number in int64's range.
func (p *opsParser) int() (int64, bool) {
	start := p.i
	p.eat('-')
	digits := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	if p.i == digits || (p.s[digits] == '0' && p.i-digits > 1) {
		return 0, false // no digits, or a leading zero JSON does not allow
	}
	if p.i < len(p.s) && (p.s[p.i] == '.' || p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		return 0, false
	}
	n, err := strconv.ParseInt(p.s[start:p.i], 10, 64)
	return n, err == nil
}
