package main

// Words of the daily bulletin (issue 20): one template for each language.
func init() {
	addWords(catalogue{
		"bulletin.want.other":       {"another file than --png", "与 --png 不同的文件"},
		"bulletin.png":              {"bulletin drawn to %s (font %s, %s)", "通报图片已写入 %s（字体 %s，%s）"},
		"bulletin.html":             {"bulletin page written to %s", "通报网页已写入 %s"},
		"bulletin.chart.title":      {"The last 14 days", "最近 14 天"},
		"bulletin.chart.households": {"households present", "在住户数"},
		"bulletin.chart.residents":  {"residents present", "在住人数"},
		"bulletin.chart.unpaired":   {"elders alone without a volunteer", "未结对的独居老人户"},
		"bulletin.title":            {"daily bulletin, %s", "每日通报 %s"},
		"bulletin.change":           {" (%s)", "（%s）"},
		"bulletin.residents":        {"Residents: %d households present%s, %d people%s; %d registered.", "【住户】在住 %d 户%s、%d 人%s；登记 %d 户。"},
		"bulletin.elders":           {"Elders living alone: %d households%s, %d elders; %d with a volunteer%s.", "【独居老人】%d 户%s、%d 人，已结对志愿者 %d 户%s。"},
		"bulletin.packs":            {"Supplies: %d packs delivered today%s; %d rounds still open%s.", "【物资】今日送达 %d 份%s；未送完的轮次 %d 个%s。"},
		"bulletin.med":              {"Medicine: %d requests today, %d filled, %d not found; %d insurance cards out%s.", "【配药】今日登记 %d 项，配到 %d 项，未配到 %d 项；医保卡在外 %d 张%s。"},
		"bulletin.testing":          {"Testing: %d of %d people tested.", "【核酸】已测 %d / %d 人。"},
		"bulletin.buys":             {"Group buys: %d households received their goods today.", "【团购】今日 %d 户收货。"},
		"bulletin.shifts":           {"Duty: %d places filled, %d empty.", "【值班】已排 %d 个班位，空缺 %d 个。"},
		"bulletin.note":             {"Note: %s", "今日说明：%s"},
		"bulletin.contact":          {"Contact: %s", "联系：%s"},
		"bulletin.noted":            {"note of %s (%s) recorded", "已记录 %s 的说明（%s）"},
	})
}
