package main

// Words of buildings, their leaders and duties (issue 17, item 1).
func init() {
	addWords(catalogue{
		"h.building":           {"BUILDING", "楼栋"},
		"h.leader":             {"LEADER", "楼组长"},
		"h.leader_phone":       {"LEADER'S PHONE", "楼组长电话"},
		"h.deputy":             {"DEPUTY", "副楼组长"},
		"h.present_households": {"PRESENT HOUSEHOLDS", "在住户数"},
		"h.residents":          {"RESIDENTS", "在住人数"},
		"h.elders_n":           {"ELDERS", "老人数"},
		"h.volunteers_n":       {"VOLUNTEERS", "志愿者数"},
		"h.duties":             {"DUTIES", "职责"},
		"building.none":        {"give --leader PERSON, --deputy PERSON, or both", "请给出 --leader 人员、--deputy 人员，或两者"},
		"building.leader":      {"%s: leader %s", "%s：楼组长 %s"},
		"building.leader.none": {"%s: no leader now", "%s：已取消楼组长"},
		"building.deputy":      {"%s: deputy %s", "%s：副楼组长 %s"},
		"building.deputy.none": {"%s: no deputy now", "%s：已取消副楼组长"},
		"duty.now":             {"%s: duties now %s", "%s 现在的职责：%s"},
		"sheet.leader":         {"leader: %s", "楼组长：%s"},
		"h.post":               {"POST", "岗位"},
		"h.need":               {"NEED", "每班人数"},
		"h.shifts":             {"SHIFTS", "班次"},
		"post.added":           {"post %s recorded (%s): %d a shift", "已记录岗位 %s（%s）：每班 %d 人"},
		"post.removed":         {"post %s removed", "已删除岗位 %s"},
	})
}
