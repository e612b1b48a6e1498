// Package allocate splits surplus ration packs among a compound's people
// and households by a rule set, reads and writes rule sets, and pairs elder
// households with volunteers (Pairs).
//
// A citywide delivery is sized to the registered households, but fewer are
// present, so packs are left over. The volunteers split them "the old way"
// (老样子, OldWay): one per elder living in an elder-only household, one per
// household of five or more present residents, one per property staff
// member, one for the flat where stranded renovation workers live.
//
// # Rules of the game
//
// A RuleSet is a list of tiers served in order. A tier selects people with a
// Selector; its Unit makes each matching person a claimant (UnitPerson), or
// each household with at least one matching person (UnitHousehold, and
// UnitFlat, which works the same and names the stranded workers' flat).
// Claimants are ordered by the tier's keys, always ending on the claimant
// ID. Tiers are independent: one person or household may claim in several.
//
// In a tier, claimants in order each get the tier's Packs, all or nothing:
// when fewer packs are left than the tier's Packs, the tier stops and the
// next tier is served with what is left (it may need fewer). After the last
// tier, under LeftoverReserve what is left is the Plan's Reserve; under
// LeftoverCycle the tiers are served again, in the same orders, each
// claimant getting one more helping, pass after pass, until the packs run
// out or a whole pass gives nothing. A tier that stopped short leaves fewer
// packs than its Packs for the rest of the pass, so it never gives again:
// the first pass decides who gets anything, later passes only add helpings
// to tiers served in full. A claimant's helpings are reported on one Line;
// Lines come tier by tier, in each tier's order. Repeated identical passes
// are computed arithmetically, so a huge pack count does not mean a long
// run.
//
// A person whose Household is "" (property staff) has no household: the
// conditions on a household fail for them and they make no household or
// flat claim. A household named by people but missing from Households is
// claimed under its ID with no facts (not present, size 0, not
// elder-only) and the lowest Rank among its people.
//
// History lists packs already given for the same item; a claimant's history
// in a tier is the sum of its entries for that tier and claimant ID, and the
// order key "history" puts those with less first, so successive rounds go
// round the claimants.
//
// # Invariants
//
// Rations is a pure function of its Input: no I/O, no clock, no randomness,
// integer arithmetic only, and no map iteration reaches the output.
//
//   - Plan.Given + Plan.Reserve == Plan.Packs, where Plan.Packs is
//     Input.Packs, or 0 when that is below 0; Given is the sum of the Lines'
//     Packs and of the Tiers' Packs.
//   - Every tier of the rule set has a TierResult, in rule order, even when
//     it has no claimants or got nothing.
//   - Each claimant of a tier appears exactly once, in Lines (got something)
//     or in Missed (got nothing); a tier's served claimants are a prefix of
//     its order.
//   - Under LeftoverReserve no Line has more Packs than its tier's Packs;
//     under LeftoverCycle a Line has Helpings times the tier's Packs.
//   - Orders are total: every sort ends on the claimant ID (and, should IDs
//     repeat in bad input, on every other fact), so the same Input with
//     Households, People and History in any order gives a byte-identical
//     Plan. Households listed twice keep the one that sorts first by all
//     its facts.
//   - Rations never panics, even on rule sets that fail Validate.
//
// For a valid RuleSet r, ParseRules(r.Name, FormatRules(r)) returns r.
//
// # Pairing elders with volunteers (长者一对一)
//
// Pairs pairs elder households living alone (独居) or as an elderly couple
// (双独居) with volunteers who shop, fetch medicine and take them to
// hospital. A pair costs Weights.Distance × Distance + Weights.Need ×
// uncovered needs (see NeedSkills) − Weights.Keep if it is an Existing
// pair. Pairs first makes as many pairs as the hard rules allow (never the
// volunteer's own household, never more elders than free places, never
// beyond MaxDistance), then minimises the total cost exactly, over every
// volunteer: K == 0 by a dense shortest-augmenting-path solver over
// volunteer places; K > 0 by a sparse one that starts from each elder's K
// nearest candidates (inside one distance, each elder starts from the
// place a hash of its ID points at, so elders of one building spread over
// its volunteers) and its K cheapest when it has needs, then prices out
// every other arc against the solver's potentials, by groups of
// volunteers (a unit, a building or an area, and a skill set), adds those
// that would lower the cost and solves again, warm, until none would
// (column generation; see pricing.go for why the result is optimal).
// SolveDense and SolveSparse expose the two solvers on plain matrices.
//
// Invariants of Pairs:
//
//   - Every elder not in a Fixed pair appears exactly once, in Pairs, Kept
//     or Unpaired (with a Reason code); Fixed elders never appear.
//   - No plan pairs more elders; among those that pair as many, none costs
//     less; whatever K, so K == 0 and K > 0 give the same number of pairs
//     and the same TotalCost (the pairs themselves may differ where
//     optima tie). TotalCost is the sum of the Cost of Pairs and Kept.
//   - With no MaxDistance, no elder is left unpaired while a volunteer
//     outside its household has a free place; with one, none is left
//     unpaired that a free volunteer within MaxDistance could take.
//   - An unpaired elder's Reason is true of the whole register, never of
//     a candidate list: no_volunteer_left means no plan pairs more.
//     nearest_taken is no longer given.
//   - Pairs is pure like Rations, and the same input in any order gives
//     a byte-identical PairPlan.
//
// # Messages
//
// Errors say what is wrong in English as a format with its arguments
// (T, Errorf, and Message on RuleError and ReceivedTooFew): the format is
// the message's ID, which cmd/vol translates; a format is always a literal.
package allocate
