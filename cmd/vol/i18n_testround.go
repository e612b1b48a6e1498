package main

// Words of who came in a testing round (issue 18, items 4 and 5): vol test
// done, rounds, missing, close, and vol status's line.
func init() {
	addWords(catalogue{
		"tr.done.what":        {"give an ADDRESS or PERSON, --unit UNIT or --staff: who was tested", "请给出地址或人员、--unit 单元或 --staff：谁已测"},
		"tr.marked":           {"%d person(s) ticked as tested in round %s", "已登记核酸 %d 人（轮次 %s）"},
		"tr.already":          {"%d were ticked before", "另有 %d 人此前已登记"},
		"tr.want.present":     {"someone present (在住)", "在住的人"},
		"tr.want.household":   {"an address where someone is present (在住)", "有人在住的地址"},
		"tr.want.unit":        {"a unit such as 3号楼2单元 or 3-2, or a building without units such as 3号楼", "单元，如 3号楼2单元 或 3-2；没有单元的楼写楼号，如 3号楼"},
		"tr.want.unitof":      {"one of %s", "%s 之一"},
		"tr.want.area":        {"one of %s, with its area", "%s 之一，并写明片区"},
		"tr.open":             {"open", "进行中"},
		"tr.closed":           {"closed", "已结束"},
		"tr.h.start":          {"START", "开始"},
		"tr.h.stations":       {"STATIONS", "采样台"},
		"tr.h.planned":        {"TO TEST", "应检"},
		"tr.h.tested":         {"TESTED", "已测"},
		"tr.h.visits":         {"AT HOME", "入户"},
		"tr.staff":            {"property staff not yet tested: %d", "物业人员未测 %d 人"},
		"tr.missing":          {"%d not yet tested: %d present, %d tested, %d still to test at home.", "未测 %d 人：在住 %d 人，已测 %d 人，待入户 %d 人。"},
		"tr.missing.building": {"%d not yet tested in this building.", "本楼未测 %d 人。"},
		"tr.closed.say":       {"testing round %s of %s closed: %d tested, %d missing, %d at home", "核酸轮次 %s（%s）已结束：已测 %d 人，未测 %d 人，入户 %d 人"},
		"tr.status":           {"testing %d/%d: %d / %d tested (%d at home)", "核酸 %d月%d日：已测 %d / %d（入户 %d）"},
	})
}
