// Package jielong reads a group buy's 接龙 as a building leader pastes it
// from the building's WeChat group: a header, an optional example line,
// then numbered lines such as
//
//	#接龙
//	3号楼团购：鸡蛋35元/盒，大米60元/袋
//	例 3-1-101 鸡蛋1
//	12. 3-501 王 鸡蛋2 大米1
//	13、5号楼1203 鸡蛋 x2
//	14. 7-2-301 张先生 鸡蛋两盒（放门口）
//	15 3栋501 大米1袋 鸡蛋1
//
// Parse turns each line into an Order (an address, the name part, the
// buy's items with their quantities, a remark) or a Problem (the line, a
// stable reason code and the detail that is wrong). It is pure: it reads
// no ledger and no clock, and whether an address is a registered
// household is the caller's question (ledger.View.Household).
//
// Invariants, which FuzzParse checks:
//   - Parse never panics, and returns the same result for the same input.
//   - Every numbered line, and every non-empty line after the list has
//     started, gives exactly one Order or one Problem with its line
//     number, except an example line (例, 格式, 示例 ...) that is not
//     numbered. Only the header (the lines before the list), example lines
//     and empty lines are skipped, and they are skipped because of what
//     they are, never because a line could not be read.
//   - An Order has an address, at least one item, every item one of the
//     buy's (by name, alias, or their traditional forms), every quantity
//     from 1 to 999, written on the line: nothing is guessed (an item
//     with no quantity is a Problem, never 1).
//   - The Text, Who, Remark and Detail of the result hold no control,
//     direction or zero-width character: a line holding one is a Problem
//     whose Text shows it escaped, as ledger.Printable does.
//   - The text is at most MaxBytes bytes and MaxLines lines; a line longer
//     than MaxLineChars characters is a Problem.
package jielong
