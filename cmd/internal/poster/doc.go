// Package poster draws the daily bulletin: a picture 1080 pixels wide for a
// phone (PNG) and one self-contained page for printing (HTML), each with a
// small chart of the last days of a few key figures.
//
// The command words the bulletin in the user's language and hands it over
// as a Bulletin; poster only lays it out. Chinese needs a CJK font, which
// FindFont reads from the system's usual places or from a file the user
// names (.ttf, .otf, or a .ttc collection), through golang.org/x/image's
// font/opentype; shapes are filled by golang.org/x/image/vector. x/image's
// sfnt refuses fonts whose tables are not on four-byte boundaries, which
// WenQuanYi's are (the usual Chinese font of Linux, and CI's): such a face
// is repacked in memory with its tables aligned (align.go).
//
// Invariants: rendering is pure and deterministic (the same bulletin and
// font give the same bytes; no clock, no map order, no randomness); the
// picture is Width pixels wide and at most MaxHeight tall (text that does
// not fit is cut with an ellipsis, never the chart); every text of the page
// is escaped by html/template; a font file is read only up to MaxFontBytes;
// WritePNG and WriteHTML write whole files or nothing, readable by their
// owner only, and never over the font they read.
package poster
