package ledger

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	mrand "math/rand/v2"
	"time"
)

// idSource makes UUIDv7 row IDs: 48 bits of milliseconds, then random bits.
// With a seed (VOL_SEED, tests only) the random bits come from a ChaCha8
// stream keyed by the seed, the device and the entry's sequence number, so
// each command's IDs are reproducible and still differ from every other
// command's.
type idSource struct {
	det *mrand.ChaCha8
	// Within one millisecond IDs count up from a random start (RFC 9562's
	// monotonic method): a large import then inserts in index order instead
	// of at random places, which halves its time and speeds every later read.
	ms   uint64
	base [10]byte
	n    uint64
}

func newIDSource(seed, device string, seq int64) *idSource {
	if seed == "" {
		return &idSource{}
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(seq))
	return &idSource{det: mrand.NewChaCha8(sha256.Sum256([]byte(seed + "\x00" + device + "\x00" + string(b[:]))))}
}

func (s *idSource) read(p []byte) {
	if s.det != nil {
		s.det.Read(p)
		return
	}
	rand.Read(p)
}

// next returns a new UUIDv7 in its canonical text form.
func (s *idSource) next(at time.Time) string {
	var u [16]byte
	ms := uint64(at.UnixMilli())
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	if s.n == 0 || s.ms != ms {
		s.read(s.base[:])
		s.base[2] &= 0x0f // room to count in the low bits without reaching the variant
		s.ms, s.n = ms, 1
	}
	copy(u[6:], s.base[:])
	// The count goes above the last byte, which stays random, so the 8
	// characters vol shows still differ between neighbours.
	binary.BigEndian.PutUint64(u[8:], binary.BigEndian.Uint64(u[8:])+s.n<<8)
	s.n++
	u[6] = u[6]&0x0f | 0x70
	u[8] = u[8]&0x3f | 0x80
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// key returns 32 random bytes for a per-person HMAC key, always from
// crypto/rand: a key is a secret, never derived from VOL_SEED. With a seed
// the deterministic stream still moves on by as much, so the IDs that
// follow are the same with and without keys being drawn.
func (s *idSource) key() []byte {
	k := make([]byte, 32)
	if s.det != nil {
		s.det.Read(k)
	}
	rand.Read(k)
	return k
}
