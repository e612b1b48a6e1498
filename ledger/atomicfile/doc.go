// Package atomicfile writes private files whole or not at all.
//
// Every file vol writes outside the ledger (an export, a backup, a sync
// file, a restored ledger) holds names and phone numbers, and a reader or a
// crash must never find half of one. So a file is made as a temporary file
// in its target's folder, mode 0600 (owner only) from the start, fsynced,
// closed, renamed over the target, and the folder is fsynced so the rename
// survives a power cut (best effort: the file is in place by then, and some
// systems cannot sync a folder).
//
// Invariants: the target is either as it was or the whole new file; a
// failed or panicking Write, or a Temp whose deferred Remove ran, leaves no
// temporary file behind (only a crash can, and never the target half
// written); nothing is ever readable by others. The package uses the
// standard library only and imports nothing of vol's, so every package can
// use it.
package atomicfile
