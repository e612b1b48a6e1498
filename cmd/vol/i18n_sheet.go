package main

// Words of the team's sheets: shared phones, contacts, the claimants a
// round's packs ran out before (issue 16, item 8).
func init() {
	addWords(catalogue{
		"h.share_phone":      {"PHONE SHARED", "电话公开"},
		"h.volunteer_phone":  {"VOLUNTEER'S PHONE", "志愿者电话"},
		"x.share_phone":      {"share phone", "电话公开"},
		"x.contact":          {"contact", "联系人"},
		"import.totals":      {"skipped %d row(s) that sum the sheet up (合计, total), line(s) %s", "已跳过 %d 行合计行（第 %s 行）"},
		"sheet.missed":       {"the packs ran out before: %d", "物资不足、本轮未分到：%d"},
		"sheet.missed.sheet": {"ran out", "未分到"},
	})
}
