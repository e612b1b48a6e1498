package ledger

import "fmt"

// Table and column names are the file's internals: messages name what a
// row or column holds in words (vol log's summaries, vol check, undo).

var tableWords = map[string]Text{
	"settings":          T("settings"),
	"households":        T("households"),
	"people":            T("people"),
	"rulesets":          T("rule sets"),
	"rounds":            T("rounds"),
	"round_lines":       T("round lines"),
	"round_voids":       T("voided rounds"),
	"deliveries":        T("deliveries"),
	"household_aliases": T("old addresses"),
	"import_marks":      T("import marks"),
	"erasures":          T("erasures"),
	"pairings":          T("pairings"),
	"pair_contacts":     T("pair contacts"),
	"med_requests":      T("medicine requests"),
	"med_runs":          T("medicine runs"),
	"med_run_items":     T("medicine run items"),
	"med_purges":        T("medicine purges"),
	"med_cards":         T("medical cards"),
	"sync_marks":        T("sync marks"),
	"resolutions":       T("conflict resolutions"),
	"person_merges":     T("person merges"),
	"tombstones":        T("erasure marks"),
	"device_trust":      T("device trust"),
	"erased_subjects":   T("erased subjects"),
	"buildings":         T("buildings"),
	"posts":             T("duty posts"),
	"rota_avail":        T("availability"),
	"rota_seats":        T("rota"),
	"test_rounds":       T("testing rounds"),
	"test_calls":        T("testing calls"),
	"test_visits":       T("testing home visits"),
	"test_done":         T("tested"),
	"buys":              T("group buys"),
	"bulletin_notes":    T("bulletin notes"),
	"buy_items":         T("group-buy items"),
	"buy_fees":          T("group-buy fees"),
	"buy_orders":        T("group-buy orders"),
	"buy_errors":        T("group-buy lines not read"),
	"buy_payments":      T("group-buy payments"),
	"buy_invoices":      T("group-buy invoices"),
	"buy_deliveries":    T("group-buy deliveries"),
	"buy_shorts":        T("group-buy shortfalls"),
	"buy_bills":         T("group-buy bills"),
	"shifts_done":       T("shifts served"),
	"conflicts":         T("conflicts"),
	"journal":           T("journal"),
}

var columnWords = map[string]Text{
	"value": T("value"), "area": T("area"), "building": T("building"), "unit": T("unit"), "room": T("room"),
	"household_id": T("household"), "name_ref": T("name"), "birth_ref": T("birth"), "sex": T("sex"),
	"phone_ref": T("phone"), "role": T("role"), "present": T("present"), "volunteer": T("volunteer"),
	"skills": T("skills"), "needs_ref": T("needs"), "emergency_ref": T("emergency contact"), "notes_ref": T("notes"),
	"body": T("rules"), "rules": T("rules"), "rules_body": T("rules"), "on_date": T("date"), "item": T("item"),
	"packs": T("packs"), "basis": T("basis"), "given": T("packs given"), "reserve": T("packs kept"),
	"tiers": T("tiers"), "round_id": T("round"), "tier": T("tier"), "claimant": T("recipient"),
	"position": T("position"), "of_count": T("claimants"), "history": T("packs before"), "age": T("age"),
	"size": T("size"), "left_before": T("packs left before"), "why": T("reason"), "why_ref": T("reason"),
	"end_why": T("reason"), "end_why_ref": T("reason"), "close_why": T("reason"), "close_why_ref": T("reason"),
	"at": T("time"), "by_person": T("by"), "source": T("source file"), "line": T("line"), "fields": T("fields"),
	"elder_household": T("elder household"), "since": T("since"), "reasons": T("reasons"), "ended": T("ended"),
	"pairing_id": T("pairing"), "note_ref": T("note"), "person_id": T("person"), "drug_ref": T("drug"),
	"qty": T("quantity"), "urgent": T("urgent"), "requested_at": T("requested"), "status": T("status"),
	"closed_at": T("closed"), "planned_at": T("planned"), "hospital": T("hospital"), "run_id": T("run"),
	"request_id": T("request"), "outcome": T("outcome"), "cutoff": T("cutoff"), "requests": T("requests"),
	"taken_at": T("taken"), "returned_at": T("returned"), "device": T("device"), "have": T("entries held"),
	"choice": T("choice"), "into_id": T("merged into"), "salt": T("salt"), "mac": T("keyed hash"),
	"kind": T("kind"), "pubkey": T("public key"), "voucher": T("voucher"), "sig": T("signature"),
	"seq": T("number"), "hash": T("hash"), "erasure": T("erasure"),
	"share_phone": T("phone shared"), "duties": T("duties"), "leader": T("building leader"), "deputy": T("deputy"),
	"shift": T("shift"), "post_id": T("post"), "nots": T("times off"), "max_per_week": T("shifts a week"), "no_nights": T("no nights"),
	"name": T("name"), "need": T("volunteers needed"), "skill": T("skill"), "shifts": T("shifts"),
	"start": T("start"), "stations": T("stations"), "service": T("seconds a test"), "max_queue": T("longest queue"),
	"per_floor": T("seconds a floor"), "walks": T("walks"), "people": T("people"), "staff": T("property staff"),
	"finish": T("finish"), "tested": T("tested"), "missing": T("missing"), "visits": T("home visits"),
	"wave": T("wave"), "call_at": T("called at"), "floors": T("floors"),
	"title": T("title"), "lead_id": T("lead"), "supplier": T("supplier"), "closes": T("closes"), "created_at": T("created"),
	"buy_id": T("group buy"), "price_fen": T("price (fen)"), "aliases": T("aliases"), "fen": T("fen"),
	"split": T("split"), "item_id": T("item"), "text": T("text"), "prices": T("prices"),
	"goods_fen": T("goods (fen)"), "fees_fen": T("fees (fen)"), "refund_fen": T("refund (fen)"), "total_fen": T("total (fen)"),
	"minutes": T("minutes"),
}

// roleWords name the roles in messages.
var roleWords = map[Role]Text{
	RoleResident: T("resident"), RolePropertyStaff: T("property staff"), RoleStrandedWorker: T("stranded worker"),
}

// opWords name the operations on a row.
var opWords = map[string]Text{"insert": T("insert"), "update": T("update"), "delete": T("delete")}

// outcomeWord names the outcome of a medicine run's item.
func outcomeWord(v any) Text {
	switch v {
	case "got":
		return T("got")
	case "not_found":
		return T("not found at the hospital")
	case "planned":
		return T("planned")
	}
	return verbatim(fmt.Sprint(v))
}

// conflictWords are the words the merge stores in a conflict's kept and
// other values (a row kept that was removed elsewhere, why an operation
// was refused) and, for a refused operation, in its column.
var conflictWords = map[string]Text{
	"the row": T("the row"), "removed": T("removed"), "duplicate": T("duplicate"),
	"refers to a missing row": T("refers to a missing row"), "in use": T("in use"), "not found": T("not found"),
	"insert": T("insert"), "update": T("update"), "delete": T("delete"),
}

// ConflictWord names a word the merge stored in a conflict (kept, other
// or column) in words a translator knows; ok is false for anything else
// (a value, a row ID, a column).
func ConflictWord(s string) (Text, bool) {
	w, ok := conflictWords[s]
	return w, ok
}

// TableWord names a register table in words (med_run_items: medicine run
// items), for messages; a name vol does not have is shown as it is.
func TableWord(name string) Text {
	if w, ok := tableWords[name]; ok {
		return w
	}
	return verbatim(name)
}

// ColumnWord names a register column in words (phone_ref: phone).
func ColumnWord(name string) Text {
	if w, ok := columnWords[name]; ok {
		return w
	}
	return verbatim(name)
}
