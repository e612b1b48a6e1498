package main

import (
	"fmt"
	"strings"
)

// catalogue holds every user-facing word in both languages: [en, zh].
type catalogue map[string][2]string

var words = catalogue{
	// table headers
	"h.id":        {"ID", "编号"},
	"h.address":   {"ADDRESS", "地址"},
	"h.present":   {"PRESENT", "在住"},
	"h.size":      {"PRESENT SIZE", "在住人数"},
	"h.listed":    {"LISTED", "登记人数"},
	"h.name":      {"NAME", "姓名"},
	"h.sex":       {"SEX", "性别"},
	"h.birth":     {"BIRTH", "出生年月"},
	"h.age":       {"AGE", "年龄"},
	"h.phone":     {"PHONE", "电话"},
	"h.role":      {"ROLE", "身份"},
	"h.volunteer": {"VOLUNTEER", "志愿者"},
	"h.skills":    {"SKILLS", "技能"},
	"h.needs":     {"NEEDS", "需求"},
	"h.kind":      {"HOUSEHOLD", "户类型"},
	"h.distance":  {"DISTANCE", "距离"},
	"h.figure":    {"FIGURE", "项目"},
	"h.value":     {"VALUE", "数值"},
	"h.entry":     {"ENTRY", "条目"},
	"h.at":        {"WHEN", "时间"},
	"h.who":       {"WHO", "操作人"},
	"h.command":   {"COMMAND", "命令"},
	"h.changes":   {"CHANGES", "变更"},
	"h.emergency": {"EMERGENCY CONTACT", "紧急联系人"},
	"h.notes":     {"NOTES", "备注"},
	"h.field":     {"FIELD", "字段"},
	// values
	"yes":                     {"yes", "是"},
	"no":                      {"no", "否"},
	"role.resident":           {"resident", "居民"},
	"role.property_staff":     {"property staff", "物业人员"},
	"role.stranded_worker":    {"stranded worker", "滞留人员"},
	"sex.M":                   {"M", "男"},
	"sex.F":                   {"F", "女"},
	"kind.alone":              {"living alone", "独居"},
	"kind.couple":             {"elders on their own", "双独居"},
	"near.unit":               {"same unit", "同单元"},
	"near.building":           {"same building", "同楼"},
	"near.other":              {"building %s", "%s号楼"},
	"near.none":               {"-", "-"},
	"s.ledger":                {"ledger", "台账文件"},
	"s.compound":              {"compound", "小区"},
	"s.registered":            {"registered households", "在册户数"},
	"s.present_households":    {"present households", "在住户数"},
	"s.present_residents":     {"present residents", "在住人数"},
	"s.elders":                {"elders in elder-only households", "独居/双独居老人"},
	"s.elder_households":      {"elder-only households", "独居/双独居户"},
	"s.large_households":      {"households of 5 or more", "5人及以上家庭"},
	"s.property_staff":        {"property staff", "物业人员"},
	"s.stranded_households":   {"flats with stranded workers", "有滞留人员的房屋"},
	"s.volunteers":            {"volunteers", "志愿者"},
	"s.on":                    {"figures on %s (elders are %d or older)", "统计日期 %s（%d岁及以上为老人）"},
	"msg.created":             {"created ledger %s", "已创建台账 %s"},
	"msg.household.added":     {"registered household %s", "已登记住户 %s"},
	"msg.household.moved":     {"household %s is now at %s", "住户 %s 地址改为 %s"},
	"msg.household.removed":   {"removed household %s", "已删除住户 %s"},
	"msg.person.added":        {"listed person %s at %s", "已登记人员 %s（%s）"},
	"msg.person.changed":      {"changed person %s", "已修改人员 %s"},
	"msg.person.removed":      {"removed person %s", "已删除人员 %s"},
	"msg.nochange":            {"nothing changed", "没有变化"},
	"msg.undone":              {"entry %s reversed by entry %s", "已撤销条目 %s（撤销条目 %s）"},
	"msg.dryrun":              {"dry run: nothing was written", "预演：未写入任何内容"},
	"msg.full":                {"showing personal data in full", "显示完整个人信息"},
	"msg.demo":                {"sample compound loaded into %s", "示例小区已载入 %s"},
	"msg.imported":            {"imported %d households and %d people (%d already there)", "已导入 %d 户、%d 人（%d 条已存在）"},
	"msg.settings":            {"settings saved", "设置已保存"},
	"confirm.noterm":          {"not a terminal: pass --yes to confirm", "非交互终端：请加 --yes 确认"},
	"confirm.no":              {"not confirmed: nothing changed", "未确认：没有变化"},
	"confirm.rm.household":    {"remove household %s", "删除住户 %s"},
	"confirm.rm.person":       {"remove person %s", "删除人员 %s"},
	"hint.init":               {"create one with: vol init --compound NAME (or point --db / VOL_DB at an existing ledger)", "请先运行 vol init --compound 小区名（或用 --db / VOL_DB 指定已有台账）"},
	"hint.notledger":          {"vol will not write to it; check --db / VOL_DB", "vol 不会写入该文件；请检查 --db / VOL_DB"},
	"err.busy":                {"ledger busy, try again (another vol is writing)", "台账正忙，请稍后再试（另一个 vol 正在写入）"},
	"check.problems":          {"%d problem(s) found", "发现 %d 个问题"},
	"log.reverses":            {"reverses %s", "撤销 %s"},
	"sheet.round":             {"round %s", "轮次 %s"},
	"sheet.section":           {"%s: %d stops, %s", "%s：%d处，%s"},
	"sheet.pack":              {"%d pack", "%d份"},
	"sheet.packs":             {"%d packs", "%d份"},
	"sheet.total":             {"total: %s, %d stops, %d delivered", "合计：%s，%d处，已送%d处"},
	"sheet.staff":             {"property staff", "物业"},
	"sheet.gone":              {"no longer listed", "已不在册"},
	"sheet.done":              {"done", "已送"},
	"sheet.void":              {"warning: round %s is void (%s); this sheet is for reference only", "注意：轮次 %s 已作废（%s），此清单仅供参考"},
	"h.file":                  {"FILE", "文件"},
	"h.encrypted":             {"ENCRYPTED", "加密"},
	"h.exists":                {"EXISTS", "存在"},
	"backup.done":             {"backup written to %s (checked)", "备份已写入 %s（已校验）"},
	"confirm.restore":         {"replace %s with the backup %s", "用备份 %[2]s 替换 %[1]s"},
	"restore.done":            {"restored %s from %s; the replaced ledger is kept as %s; %d erasure(s) applied again", "已从 %[2]s 恢复 %[1]s；原台账保留为 %[3]s；重新执行 %[4]d 次删除"},
	"hint.backup":             {"the newest backup is %s (vol restore restores it)", "最新备份：%s（可用 vol restore 恢复）"},
	"confirm.erase":           {"erase person %s's personal data for good", "永久删除人员 %s 的个人信息"},
	"msg.erased":              {"erased person %s; the file was rebuilt without their data", "已删除人员 %s 的个人信息，文件已重建"},
	"export.wrote":            {"wrote %s", "已写入 %s"},
	"x.address":               {"address", "地址"},
	"x.present":               {"present", "在住"},
	"x.size":                  {"present size", "在住人数"},
	"x.listed":                {"listed", "登记人数"},
	"x.elder_only":            {"elder-only", "独居/双独居"},
	"x.name":                  {"name", "姓名"},
	"x.sex":                   {"sex", "性别"},
	"x.birth":                 {"birth", "出生年月"},
	"x.phone":                 {"phone", "联系电话"},
	"x.role":                  {"role", "身份"},
	"x.volunteer":             {"volunteer", "志愿者"},
	"x.skills":                {"skills", "技能"},
	"x.needs":                 {"needs", "需求"},
	"x.emergency":             {"emergency contact", "紧急联系人"},
	"x.notes":                 {"notes", "备注"},
	"x.age":                   {"age", "年龄"},
	"x.kind":                  {"household", "户类型"},
	"x.round":                 {"round", "轮次"},
	"x.date":                  {"date", "日期"},
	"x.item":                  {"item", "物资"},
	"x.rules":                 {"rules", "规则"},
	"x.packs":                 {"packs", "份数"},
	"x.given":                 {"given", "已分"},
	"x.reserve":               {"reserve", "备用"},
	"x.delivered":             {"delivered", "已送达"},
	"x.status":                {"status", "状态"},
	"x.tier":                  {"tier", "档次"},
	"x.recipient":             {"recipient", "领取人"},
	"x.reason":                {"reason", "理由"},
	"import.unknown":          {"columns not imported (unknown): %s; --unknown-as-notes keeps them in the notes", "未导入的列（无法识别）：%s；加 --unknown-as-notes 可记入备注"},
	"import.bad":              {"%d bad row(s) of %d, nothing imported (--skip-bad imports the good rows)", "%d 行有误（共 %d 行），未导入（--skip-bad 可只导入正确的行）"},
	"import.rejects":          {"%d bad row(s) written to %s", "%d 行有误，已写入 %s"},
	"import.households_added": {"households added", "新增住户"},
	"import.people_added":     {"people added", "新增人员"},
	"import.people_changed":   {"people changed", "修改人员"},
	"import.unchanged":        {"people unchanged", "未变人员"},
	"import.conflicts":        {"conflicts (kept vol's value)", "冲突（保留 vol 中的修改）"},
	"import.missing":          {"listed but not in this file", "台账中有、本表中无"},
	"import.rejected":         {"rows rejected", "拒绝的行"},
	"import.changed_line":     {"line %d: person %s: %s changed by the sheet", "第%d行：人员 %s：表格修改了 %s"},
	"import.conflict_line":    {"line %d: person %s: %s changed by hand in vol, kept (--prefer-import takes the sheet's)", "第%d行：人员 %s：%s 已在 vol 中手动修改，保留（--prefer-import 以表格为准）"},
	"import.missing_line":     {"not in this file: person %s (kept)", "本表中没有：人员 %s（保留）"},
	// allocation
	"h.tier":           {"TIER", "档次"},
	"h.claimants":      {"CLAIMANTS", "符合人数"},
	"h.packs":          {"PACKS", "份数"},
	"h.short":          {"SHORT", "未分到"},
	"h.recipient":      {"RECIPIENT", "领取人"},
	"h.reason":         {"REASON", "理由"},
	"h.status":         {"STATUS", "状态"},
	"h.round":          {"ROUND", "轮次"},
	"h.date":           {"DATE", "日期"},
	"h.item":           {"ITEM", "物资"},
	"h.rules":          {"RULES", "规则"},
	"h.given":          {"GIVEN", "已分"},
	"h.reserve":        {"RESERVE", "备用"},
	"h.delivered":      {"DELIVERED", "已送达"},
	"alloc.head":       {"%d packs by rules %s, item %s, on %s", "共 %d 份，规则 %s，物资 %s，日期 %s"},
	"alloc.default":    {"surplus %d = registered %d − present %d households (no --surplus given)", "余量 %d = 在册 %d − 在住 %d 户（未指定 --surplus）"},
	"alloc.received":   {"surplus %d = received %d − one per present household (%d)", "余量 %d = 收到 %d − 每户在住一份（%d）"},
	"alloc.reserve":    {"reserve", "备用"},
	"alloc.committed":  {"committed round %s: %d packs", "已记录轮次 %s：%d 份"},
	"alloc.gone":       {"(no longer listed)", "（已不在册）"},
	"why.age":          {"age %d", "%d岁"},
	"why.size":         {"%d present", "在住%d人"},
	"why.history":      {"%d before", "此前%d份"},
	"why.sep":          {", ", "，"},
	"why.got":          {"place %d of %d (%s); %d packs left when the tier began", "第%d/%d位（%s）；本档开始时剩%d份"},
	"why.missed":       {"place %d of %d (%s); the %d packs left when the tier began ran out first", "第%d/%d位（%s）；本档开始时剩%d份，未轮到"},
	"why.none":         {"%s is in no tier of rules %s (tiers: %s), so it gets nothing in this split.", "%s 不属于规则 %s 的任何档次（%s），本次不分。"},
	"why.line.got":     {"%s got %d pack(s) in tier %s: %s.", "%[1]s 在 %[3]s 档分到 %[2]d 份：%[4]s。"},
	"why.line.missed":  {"%s got nothing in tier %s: %s.", "%s 在 %s 档未分到：%s。"},
	"why.preview":      {"In a preview of %d packs by rules %s on %s:", "按规则 %[2]s 预分 %[1]d 份（%[3]s）："},
	"why.round":        {"In round %s (%d packs by rules %s on %s):", "在轮次 %s（%d 份，规则 %s，%s）中："},
	"why.order":        {"Tier %s orders by %s.", "%s 档排序：%s。"},
	"round.delivered":  {"delivered", "已送达"},
	"round.pending":    {"pending", "待送"},
	"round.void":       {"void: %s", "作废：%s"},
	"round.active":     {"active", "有效"},
	"round.voided":     {"round %s is void", "轮次 %s 已作废"},
	"round.deliveredn": {"recorded %d deliveries in round %s", "已记录 %d 条送达（轮次 %s）"},
	"rules.saved":      {"rule set %s saved", "规则 %s 已保存"},
	"rules.builtin":    {"built in", "内置"},
	"rules.stored":     {"stored in the ledger", "台账中"},
	"h.source":         {"SOURCE", "来源"},
}

// T returns the message in the app's language, formatted with args.
func (a *App) T(id string, args ...any) string {
	w, ok := words[id]
	if !ok {
		if w, ok = pairWords[id]; !ok {
			return id
		}
	}
	s := w[0]
	if a.lang() == "zh" {
		s = w[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// lang is --lang, else zh when $LANG starts with zh, else en.
func (a *App) lang() string {
	if a.Lang != "" {
		return a.Lang
	}
	if strings.HasPrefix(strings.ToLower(a.Getenv("LANG")), "zh") {
		return "zh"
	}
	return "en"
}

func (a *App) yesno(b bool) string {
	if b {
		return a.T("yes")
	}
	return a.T("no")
}
