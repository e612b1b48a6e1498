package main

// Words of hours served: vol shift done and undone, vol hours, and the
// export's rota and hours sheets (issue 17, items 4 and 5).
func init() {
	addWords(catalogue{
		"shift.person_or_all": {"give a PERSON or --all, not both", "请给出一名人员或 --all，二者选一"},
		"shift.done.one":      {"%s served %s %s: %s hours", "已登记：%s 值完 %s %s，%s 小时"},
		"shift.done.all":      {"%d volunteer(s) served %s %s: %s hours each", "已登记：%d 名志愿者值完 %s %s，每人 %s 小时"},
		"shift.done.already":  {"%d already marked as served, left as they were", "%d 人此前已登记，不重复记录"},
		"shift.undone":        {"took back %d mark(s) of %s %s", "已撤销 %[2]s %[3]s 的 %[1]d 条值班登记"},
		"hours.to":            {"a day on or after --from (%s)", "不早于 --from（%s）的日期"},
		"hours.total":         {"total", "合计"},
		"h.shifts_served":     {"SHIFTS", "班次数"},
		"h.hours_served":      {"HOURS", "时长（小时）"},
		"x.shift":             {"shift", "班次"},
		"x.time":              {"time", "时间"},
		"x.post":              {"post", "岗位"},
		"x.served":            {"served", "已值班"},
		"x.shifts_served":     {"shifts", "班次数"},
		"x.hours_served":      {"hours", "时长（小时）"},
		"cli.table.rota":      {"rota", "值班表"},
		"cli.table.hours":     {"hours", "志愿时长"},
		"rota.post_gone":      {"(post removed)", "（岗位已删除）"},
		"rota.person_gone":    {"(no longer in the register)", "（已不在台账中）"},
	})
}
