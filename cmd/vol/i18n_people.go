package main

// Words of finding people (PERSON arguments, vol find), of passphrase
// prompts and of progress on stderr (issue 16, items 4, 6 and 7).
func init() {
	addWords(catalogue{
		// what a PERSON argument is called in messages
		"pick.person":    {"person", "人员"},
		"pick.volunteer": {"volunteer", "志愿者"},
		"pick.elder":     {"elder", "老人"},
		"pick.target":    {"address or person", "地址或人员"},
		"pick.household": {"household %s (%s)", "住户 %s（%s）"},
		"pick.sep":       {", ", "、"},
		"pick.more":      {"and %d more", "另有 %d 项"},
		"pick.ambiguous": {"%s (%s): matches %d: %s; name one of them by its ID or as NAME@ADDRESS",
			"%s（%s）：对应 %d 项：%s；请用编号或“姓名@地址”指明其中一项"},
		"pick.ambiguous.many": {"%s (%s): matches %d: %s; type more of it, or an ID",
			"%s（%s）：对应 %d 项：%s；请输入更完整的内容，或用编号"},
		"pick.unknown": {"%s (%s): no one matches it; accepted: a name, NAME@ADDRESS, a phone or its last 4 digits, or an ID (or a unique part of one)",
			"%s（%s）：没有找到此人；可用：姓名、姓名@地址、电话或其后 4 位、编号（或编号中的一段）"},
		"pick.unknown.near": {"%s (%s): no one matches it; closest names: %s",
			"%s（%s）：没有找到此人；相近的有：%s"},
		"pick.which": {"%s matches %d:", "“%s”对应 %d 项："},
		"pick.ask":   {"which one? a number from 1 to %d (Enter: none):", "选哪一项？请输入 1 到 %d 的序号（直接回车则不选）："},
		"pick.none":  {"no one chosen: nothing changed", "未选择：没有变化"},
		// passphrases typed on a terminal
		"pass.new":      {"passphrase to protect the file (not shown as you type):", "请设置文件口令（输入时不显示）："},
		"pass.again":    {"the same passphrase again:", "请再输入一次口令："},
		"pass.open":     {"passphrase of the file (not shown as you type):", "请输入文件口令（输入时不显示）："},
		"pass.empty":    {"passphrase: empty; nothing was done", "口令为空：未做任何操作"},
		"pass.mismatch": {"passphrase: the two differ; nothing was written", "两次输入的口令不一致：未写入任何文件"},
		"pass.read":     {"reading the passphrase", "读取口令失败"},
		// progress on a terminal's stderr
		"progress.spin":        {"%s… %ds", "%s… %d秒"},
		"progress.import":      {"importing", "正在导入"},
		"progress.check":       {"checking the ledger", "正在检查台账"},
		"progress.backup":      {"taking the backup", "正在备份"},
		"progress.restore":     {"restoring", "正在恢复"},
		"progress.export":      {"exporting", "正在导出"},
		"progress.sync.export": {"writing the sync file", "正在写同步文件"},
		"progress.sync.import": {"importing the sync file", "正在导入同步文件"},
		"progress.pair":        {"pairing elders with volunteers", "正在为老人匹配志愿者"},
		// vol find
		"h.matched":    {"MATCHED", "匹配项"},
		"find.name":    {"name", "姓名"},
		"find.phone":   {"phone", "电话"},
		"find.address": {"address", "地址"},
		"find.notes":   {"notes", "备注"},
	})
}
