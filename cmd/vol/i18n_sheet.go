package main

// Words of the team's sheets: shared phones, contacts, the claimants a
// round's packs ran out before (issue 16, item 8).
func init() {
	addWords(catalogue{
		"h.share_phone":      {"PHONE SHARED", "电话公开"},
		"h.volunteer_phone":  {"VOLUNTEER'S PHONE", "志愿者电话"},
		"x.share_phone":      {"share phone", "电话公开"},
		"cli.accept.yesno":   {"是/否, yes/no, y/n", "是/否、yes/no、y/n"},
		"export.ext":         {"a file name ending in .%[1]s for --format %[1]s", "以 .%[1]s 结尾的文件名（--format %[1]s）"},
		"export.csvdir":      {"a folder for a CSV export of every table, or --table T for one file", "导出全部表为 CSV 时给一个文件夹，或用 --table 表名 导出一个文件"},
		"find.empty":         {"part of a name, phone, address or note", "姓名、电话、地址或备注中的一段"},
		"x.contact":          {"contact", "联系人"},
		"x.request":          {"request", "编号"},
		"x.card":             {"card", "医保卡"},
		"x.outcome":          {"result (✓/✗)", "结果（✓/✗）"},
		"h.outcome":          {"RESULT", "结果"},
		"med.show.one":       {"--text, -o and --json each print the sheet: use one of them", "--text、-o 和 --json 只能选一个"},
		"med.show.sheet":     {"run", "配药单"},
		"med.show.head":      {"medicine run %s", "配药批次 %s"},
		"med.show.total":     {"%d item(s): %d got, %d not found, %d without a result", "共 %d 项：配到 %d，未配到 %d，未登记 %d"},
		"med.show.how":       {"Mark each line ✓ (got) or ✗ (not found) and send it back; vol med run result RUN --file records it.", "请把每行的 ☐ 改成 ✓（配到）或 ✗（没配到）后发回；用 vol med run result 批次 --file 登记。"},
		"med.result.none":    {"give --got or --not-found items (DRUG@ADDRESS), --file with the sheet sent back, or run it on a terminal to be asked", "请给出 --got 或 --not-found（药品@地址），或用 --file 读取发回的配药单，或在终端里运行逐项回答"},
		"med.result.size":    {"a text of 1 MB at most", "不超过 1 MB 的文本"},
		"med.result.line":    {"a line that starts with ✓ or ✗ and the item's ID, as vol med run show --text prints it", "以 ✓ 或 ✗ 开头、后接编号的一行（同 vol med run show --text 的格式）"},
		"med.result.twice":   {"each item once (it was on line %d already)", "每项只出现一次（第 %d 行已有）"},
		"med.result.ask":     {"%s %s ×%d: got it? [是/否, Enter skips]", "%s %s ×%d：配到了吗？[是/否，回车跳过]"},
		"med.result.again":   {"answer 是 (y) or 否 (n), or Enter to skip", "请回答 是（y）或 否（n），回车跳过"},
		"med.result.nothing": {"nothing recorded", "未登记任何结果"},
		"med.result.same":    {"%d result(s) were recorded already, the same: left as they are", "%d 项结果此前已登记且相同，未改动"},
		"import.totals":      {"skipped %d row(s) that sum the sheet up (合计, total), line(s) %s", "已跳过 %d 行合计行（第 %s 行）"},
		"sheet.missed":       {"the packs ran out before: %d", "物资不足、本轮未分到：%d"},
		"sheet.missed.sheet": {"ran out", "未分到"},
	})
}
