package poster

import "encoding/binary"

// golang.org/x/image/font/sfnt refuses a font whose tables do not begin on
// four-byte boundaries, as the OpenType specification asks (golang/go
// issue 46384, open since 2021). WenQuanYi Micro Hei and Zen Hei, the
// Chinese fonts of many Linux systems (Debian's fonts-wqy-microhei, which
// CI installs), are such fonts; every other reader takes them. So when
// sfnt refuses a face, vol copies the face's tables to aligned places in a
// font of its own and gives sfnt that: the tables' bytes are unchanged,
// and no table refers to another by its place in the file.

// faceOffset returns where the table directory of face i of data begins:
// data's own start for a single font, the collection header's entry for a
// TrueType or OpenType collection (ttcf); ok is false when there is no
// such face or data is neither (a Mac dfont: sfnt reads those itself).
func faceOffset(data []byte, i int) (at uint32, ok bool) {
	if len(data) < 12 {
		return 0, false
	}
	switch binary.BigEndian.Uint32(data) {
	case 0x00010000, 0x4f54544f, 0x74727565: // 1.0, "OTTO", "true": a single font
		return 0, i == 0
	case 0x74746366: // "ttcf"
		n := binary.BigEndian.Uint32(data[8:])
		if i < 0 || uint64(i) >= uint64(n) || 12+4*(i+1) > len(data) {
			return 0, false
		}
		return binary.BigEndian.Uint32(data[12+4*i:]), true
	}
	return 0, false
}

// aligned returns a single font made of the face whose table directory is
// at at in data, each table copied to a four-byte boundary. It refuses (ok
// false) a
// directory that does not fit in data, more tables than sfnt takes (256),
// or tables that add up to more than data (a face of a collection shares
// its file's tables, so the copy is never larger than the file).
func aligned(data []byte, at uint32) (font []byte, ok bool) {
	size := uint64(len(data))
	if uint64(at)+12 > size {
		return nil, false
	}
	head := data[at:]
	n := int(binary.BigEndian.Uint16(head[4:]))
	if n == 0 || n > 256 || uint64(at)+12+16*uint64(n) > size {
		return nil, false
	}
	dirLen := 12 + 16*n
	total := uint64(dirLen)
	for i := range n {
		rec := head[12+16*i:]
		off, length := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+length > size {
			return nil, false
		}
		total += (length + 3) &^ 3
	}
	if total > size+uint64(dirLen)+4*uint64(n) {
		return nil, false
	}
	out := make([]byte, dirLen, total)
	copy(out, head[:dirLen])
	for i := range n {
		rec := out[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		out = append(out, data[off:off+length]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, true
}
