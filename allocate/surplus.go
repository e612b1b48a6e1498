package allocate

// The bases of a surplus: how the packs to split were counted.
const (
	BasisSurplus  = "surplus"  // given as such (vol alloc --surplus N)
	BasisReceived = "received" // packs received, less one per present household
	BasisDefault  = "default"  // registered less present households: the delivery is sized by the register
)

// SurplusInput is what the surplus is counted from.
type SurplusInput struct {
	Surplus     int  // packs to split, when HasSurplus
	HasSurplus  bool // --surplus was given
	Received    int  // packs received for the whole compound, when HasReceived
	HasReceived bool // --received was given
	// Registered and Present count households (在册, 在住).
	Registered, Present int
}

// SurplusPlan is the packs to split and how they were counted.
type SurplusPlan struct {
	Packs int
	Basis string // BasisSurplus, BasisReceived or BasisDefault
	SurplusInput
}

// ReceivedTooFew is the error of a received count below one pack per
// present household.
type ReceivedTooFew struct{ Received, Present int }

func (e *ReceivedTooFew) Error() string { return e.text().String() }

// Message is the error as a message, for a translator.
func (e *ReceivedTooFew) Message() (format string, args []any) { return e.text().Message() }

func (e *ReceivedTooFew) text() Text {
	return T("received %d packs for %d present households", e.Received, e.Present)
}

// Surplus counts the packs to split: the surplus given; or the packs
// received less one per present household; or, by default, registered
// less present households (never below 0), since a citywide delivery is
// sized by the register. It returns *ReceivedTooFew when fewer packs were
// received than households are present.
func Surplus(in SurplusInput) (SurplusPlan, error) {
	p := SurplusPlan{SurplusInput: in}
	switch {
	case in.HasSurplus:
		p.Packs, p.Basis = in.Surplus, BasisSurplus
	case in.HasReceived:
		if in.Received < in.Present {
			return p, &ReceivedTooFew{Received: in.Received, Present: in.Present}
		}
		p.Packs, p.Basis = in.Received-in.Present, BasisReceived
	default:
		p.Packs, p.Basis = max(in.Registered-in.Present, 0), BasisDefault
	}
	return p, nil
}
