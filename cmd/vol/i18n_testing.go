package main

// Words of mass testing in waves (issue 18).
func init() {
	addWords(catalogue{
		"test.want.date":       {"a day, YYYY-MM-DD", "日期，格式 YYYY-MM-DD"},
		"test.want.start":      {"a time of day, HH:MM", "时刻，格式 HH:MM"},
		"test.want.stations":   {"1 to %d stations", "1 到 %d 个采样台"},
		"test.want.rate":       {"0.1 to 10 people a minute", "每分钟 0.1 到 10 人"},
		"test.want.perfloor":   {"0 to 10 minutes a floor", "每层 0 到 10 分钟"},
		"test.want.queue":      {"1 to 1000 people", "1 到 1000 人"},
		"test.want.step":       {"1 to %d minutes", "1 到 %d 分钟"},
		"test.want.walk":       {"BUILDING=MINUTES, such as 3=4 (0 to 60 minutes)", "楼栋=分钟，如 3=4（0 到 60 分钟）"},
		"test.committed":       {"testing round %s recorded: %s from %s, %d call(s), %d home visit(s)", "已记录核酸轮次 %s：%s %s 开始，%d 次下楼通知，%d 户入户"},
		"test.staff":           {"property staff", "物业人员"},
		"test.floors":          {"floors %s", "%s 楼"},
		"h.wave":               {"WAVE", "波次"},
		"h.call_at":            {"CALLED AT", "下楼时间"},
		"h.unit":               {"UNIT", "单元"},
		"h.floors":             {"FLOORS", "楼层"},
		"h.people":             {"PEOPLE", "人数"},
		"test.present":         {"%d present people to test: %d property staff at the start, %d household(s) visited at home.", "应检 %d 人：物业人员 %d 人开始时检测，%d 户入户采样。"},
		"test.outcome":         {"In waves: done by %s, longest queue %d, longest wait %d min", "分批下楼：%s 完成，最长排队 %d 人，最长等候 %d 分钟"},
		"test.bound":           {" (the stations cannot finish before %s).", "（采样台最快 %s 完成）。"},
		"test.allatonce":       {"Everyone at once: done by %s, longest queue %d, longest wait %d min.", "全部同时下楼：%s 完成，最长排队 %d 人，最长等候 %d 分钟。"},
		"test.unitbyunit":      {"One unit after another: done by %s, longest queue %d, longest wait %d min.", "逐个单元下楼：%s 完成，最长排队 %d 人，最长等候 %d 分钟。"},
		"test.visits":          {"Home visits for the medic team, nearest first:", "医护入户采样，由近及远："},
		"test.round":           {"round %s", "轮次 %s"},
		"test.text.nobuilding": {"a building called down in this round", "本轮有下楼安排的楼栋"},
		"test.text.title":      {"[%s: testing]", "【%s 核酸检测通知】"},
		"test.text.intro":      {"Testing on %s. Please come down at your time, not before:", "%s核酸检测，请按时间下楼，不要提前："},
		"test.text.whole":      {"the whole building", "全楼"},
		"test.text.unit":       {"unit %s", "%s单元"},
		"test.text.call":       {"%s: %s (%d people)", "%s：%s（%d 人）"},
		"test.text.bring":      {"Bring your phone and ID, wear a mask, keep two metres apart in the queue.", "请带好手机和身份证，戴好口罩，排队保持两米间距。"},
		"test.text.home":       {"%d of this building are tested at home by the medic team: please wait at home.", "本楼有 %d 位居民由医护上门采样，请在家等候。"},
		"test.text.leader":     {"Building leader: %s", "楼组长：%s"},
	})
}
