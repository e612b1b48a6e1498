package main

// The CLI layer's own words (issue 16, items 1 and 5): wrong usage as cobra
// and pflag find it, the messages and errors cmd/vol makes itself, and the
// names of built-in rule sets, tiers, items and sheets shown to people.
func init() {
	addWords(catalogue{
		// the edge
		"cli.interrupted": {"interrupted", "已中断"},
		"cli.try":         {"Try: %s --help", "查看用法：%s --help"},
		"cli.lang":        {"--lang (%s): want zh or en", "--lang 的值“%s”无效；可接受：zh（中文）或 en（英文）"},
		"cli.eg":          {"; for example: %s", "；例如：%s"},
		"cli.suggest":     {"; did you mean %s?", "；是不是要用 %s？"},
		"cli.sep":         {", ", "、"},

		// arguments
		"cli.args.missing":   {"missing argument %s", "缺少参数 %s"},
		"cli.args.missing_n": {"too few arguments (%d more needed)", "参数不够（还缺 %d 个）"},
		"cli.args.none":      {"%s takes no arguments; extra: %s", "%s 不接受参数；多余：“%s”"},
		"cli.args.extra":     {"%s takes only %s; extra: %s", "%s 只接受参数 %s；多余：“%s”"},
		"cli.args.quote":     {" (a value with spaces goes in quotes)", "（值中有空格时请加引号）"},
		"cli.args.yesno":     {"; a yes/no flag takes its value after =: --%s=%s", "；是/否选项的值要用等号连写：--%s=%s"},

		// commands
		"cli.cmd.needs":    {"%s needs a subcommand: %s", "%s 后面要跟子命令：%s"},
		"cli.cmd.unknown":  {"unknown command: %s %s", "没有这个命令：%s %s"},
		"cli.cmd.accepted": {"; accepted: %s", "；可用：%s"},

		// flags
		"cli.flag.unknown":     {"%s has no flag %s", "%s 没有选项 %s"},
		"cli.flag.needs":       {"%s needs a value (%s)", "%s 缺少值（%s）"},
		"cli.flag.needs_value": {"%s needs a value", "%s 缺少值"},
		"cli.flag.yesno":       {"%s (%s): want yes or no: 是/否, yes/no, y/n, true/false or 1/0", "%s 的值“%s”无效；可接受：是/否、yes/no、y/n、true/false、1/0"},
		"cli.flag.range":       {"%s (%s): the number is too large", "%s 的值“%s”超出范围"},
		"cli.flag.notnumber":   {"%s (%s): not a whole number", "%s 的值“%s”不是整数"},
		"cli.flag.invalid":     {"%s (%s): want %s", "%s 的值“%s”无效；可接受：%s"},
		"cli.flag.syntax":      {"badly written flag %s: write --name or --name=value", "选项写法有误：“%s”；应写成 --名称 或 --名称=值"},
		"cli.flag.other":       {"the flags of %s could not be read", "无法识别 %s 的选项"},
		"cli.flag.required":    {"%s needs %s", "%s 必须指定 %s"},
		"cli.value.number":     {"a whole number", "整数"},
		"cli.value.yesno":      {"yes or no", "是或否"},
		"cli.value.text":       {"text", "文字"},

		// the CLI's own errors
		"cli.on":                {"--on (%s): want a date as YYYY-MM-DD", "--on 的值“%s”不是有效日期；可接受：YYYY-MM-DD 格式的日期，如 2026-11-28"},
		"cli.colon":             {"%s: %s", "%s：%s"},
		"cli.semi":              {"%s; %s", "%s；%s"},
		"cli.confirm.prompt":    {"[y/N]", "[是(y)/否(N)]"},
		"cli.packs":             {"%d packs", "%d 份"},
		"cli.entry":             {"entry %s: %s", "日志条目 %s：%s"},
		"cli.pairing":           {"pairing %s: %s", "结对 %s：%s"},
		"cli.limit":             {"--limit (%d): want 0 (all) or more", "--limit 的值 %d 无效；可接受：0（全部）或更大的数"},
		"cli.alloc.both":        {"--surplus and --received exclude each other", "--surplus 与 --received 只能用其一"},
		"cli.alloc.leftover":    {"--leftover (%s): want reserve or cycle", "--leftover 的值“%s”无效；可接受：reserve（留作备用）或 cycle（再轮一遍）"},
		"cli.household.both":    {"--present and --away exclude each other", "--present 与 --away 只能用其一"},
		"cli.household.nothing": {"nothing to set: give --address", "没有要修改的内容：请指定 --address"},
		"cli.person.nothing":    {"nothing to set: give at least one field flag (see --help)", "没有要修改的内容：请至少指定一个字段选项（见 --help）"},
		"cli.compound.nothing":  {"nothing to set: give --name, --elder-age, --card-overdue-hours or --timezone", "没有要修改的内容：请指定 --name、--elder-age、--card-overdue-hours 或 --timezone"},
		"cli.who.skill":         {"--skill (%s): want one tag such as 医生, 护士, 司机", "--skill 的值“%s”无效；可接受：一个技能标签，如 医生、护士、司机"},
		"cli.why.erase":         {"--why: say why the data is erased", "--why：请说明删除原因"},
		"cli.why.pair":          {"--why: say why the pairing ends", "--why：请说明结束结对的原因"},
		"cli.why.void":          {"--why: say why the round is void", "--why：请说明作废原因"},
		"cli.export.format":     {"--format (%s): want xlsx or csv", "--format 的值“%s”无效；可接受：xlsx 或 csv"},
		"cli.import.line":       {"%s (%s): want a line number of the sheet, or all", "%s 的值“%s”无效；可接受：表格中的行号，或 all"},
		"cli.med.drug":          {"--drug: name at least one drug", "--drug：请至少填写一种药品"},
		"cli.med.by":            {"--by: name the volunteer who takes the card", "--by：请填写取走医保卡的志愿者"},
		"cli.med.result":        {"give --got or --not-found items (DRUG@ADDRESS)", "请用 --got 或 --not-found 给出药品项（药品@地址）"},
		"cli.med.force":         {"--force needs --why TEXT", "--force 需要同时用 --why 说明原因"},
		"cli.med.older":         {"--older-than (%s): want days such as 30d", "--older-than 的值“%s”无效；可接受：天数，如 30d"},
		"cli.round.deliver":     {"name the addresses or people delivered to, or pass --all", "请给出已送达的地址或人员，或加 --all"},
		"cli.round.tiers":       {"round %s: its stored tiers cannot be read; the ledger may be damaged (vol check)", "轮次 %s：存储的档次信息无法读取，台账可能已损坏（请运行 vol check）"},
		"cli.sheet.text_o":      {"--text prints to stdout; -o names the XLSX file: use one of them", "--text 输出到屏幕，-o 写入 XLSX 文件：请只用其一"},
		"cli.sheet.building":    {"--building: name a building, such as 3 or 3号楼", "--building：请填写楼号，如 3 或 3号楼"},
		"cli.sync.limits":       {"--max-size, --max-entries, --max-pending: want 1 or more", "--max-size、--max-entries、--max-pending 的值须为 1 或更大"},
		"cli.sync.encrypted":    {"%s is encrypted: give the passphrase its sender chose with --passphrase-file FILE or $VOL_PASSPHRASE", "%s 已加密：请用 --passphrase-file FILE 或 $VOL_PASSPHRASE 提供发送方设定的口令"},
		"cli.sync.drop":         {"--drop ID and --all: give one of them", "--drop ID 与 --all 只能用其一"},
		"cli.sync.keep":         {"--keep: missing; accepted: kept, other, both, merged or seen (see vol resolve --help)", "缺少 --keep；可接受：kept、other、both、merged 或 seen（见 vol resolve --help）"},
		"cli.pass.empty":        {"--passphrase-file (%s): the file holds no passphrase; accepted: a file whose first line is the passphrase", "--passphrase-file 指定的文件 %s 中没有口令；可接受：第一行是口令的文件"},
		"cli.pass.none":         {"--encrypt needs a passphrase: --passphrase-file FILE or $VOL_PASSPHRASE", "加密需要口令：请用 --passphrase-file FILE 或 $VOL_PASSPHRASE 提供"},
		"cli.backup.list":       {"--list takes no FILE and no --encrypt", "--list 不能与 FILE 或 --encrypt 同用"},
		"cli.backup.encrypted":  {"%s is an encrypted backup: give its passphrase with --passphrase-file FILE or $VOL_PASSPHRASE", "%s 是加密备份：请用 --passphrase-file FILE 或 $VOL_PASSPHRASE 提供口令"},
		"cli.demo.sample":       {"sample register: %s", "示例名册：%s"},
		"cli.config.folder":     {"no folder for your settings: set HOME or XDG_CONFIG_HOME", "找不到存放设置的文件夹：请设置 HOME 或 XDG_CONFIG_HOME"},

		// files named by the user
		"cli.file":         {"%s: %s", "%s：%s"},
		"cli.file.flag":    {"%s (%s): %s", "%s 指定的 %s：%s"},
		"hint.sep":         {"; ", "；"},
		"cli.file.missing": {"the file does not exist", "找不到文件"},
		"cli.file.denied":  {"no permission to read it", "没有读取权限"},
		"cli.file.folder":  {"a folder, not a file", "这是文件夹，不是文件"},
		"cli.file.long":    {"larger than %s", "文件超过 %s"},
		"cli.file.line":    {"%s line %d", "%s 第 %d 行"},

		// fields and what they accept
		"cli.field.round":            {"round", "轮次"},
		"cli.field.recipient":        {"recipient", "领取人"},
		"cli.field.rules_name":       {"name", "规则名"},
		"cli.field.address":          {"address", "地址"},
		"cli.field.patient":          {"patient", "配药人"},
		"cli.field.run":              {"run", "配药批次"},
		"cli.field.item":             {"item", "药品项"},
		"cli.field.elder":            {"elder", "老人户"},
		"cli.field.volunteer":        {"volunteer", "志愿者"},
		"cli.field.phone":            {"phone", "电话"},
		"cli.field.rejects":          {"rejects file", "错误行文件"},
		"cli.accept.packs0":          {"0 or more packs", "0 份或更多"},
		"cli.accept.rules_file":      {"a rules file of at most 1 MB", "不超过 1 MB 的规则文件"},
		"cli.accept.rules":           {"%s, or a rules file", "%s，或规则文件"},
		"cli.accept.nonempty":        {"a non-empty name", "非空的名称"},
		"cli.accept.received":        {"at least one pack per present household (%d)", "每户在住至少一份（%d 份）"},
		"cli.accept.round":           {"an allocation that hands out at least one pack (nothing to commit)", "至少分出一份的分配（现在没有可记录的内容）"},
		"cli.accept.timezone":        {"a time zone such as Asia/Shanghai (IANA name)", "时区名，如 Asia/Shanghai（IANA 时区名）"},
		"cli.accept.building":        {"a building such as 3, 3号楼, 12甲 or A座", "楼号，如 3、3号楼、12甲 或 A座"},
		"cli.accept.sheet_building":  {"a building with packs in round %s: %s", "轮次 %s 中有物资的楼：%s"},
		"cli.accept.delivered":       {"an address or person given packs in round %[1]s (vol round show %[1]s)", "轮次 %[1]s 中分到物资的地址或人员（见 vol round show %[1]s）"},
		"cli.accept.rules_name":      {"a name other than the built-in old-way", "内置规则 old-way（老样子）以外的名称"},
		"cli.accept.household_add":   {"a registered household (vol household add %s, or pass --new-household)", "已登记的住户（先运行 vol household add %s，或加 --new-household）"},
		"cli.accept.household":       {"a registered household (vol household add)", "已登记的住户（见 vol household add）"},
		"cli.accept.patient":         {"a household or a person living in one", "住户，或登记在住户中的人员"},
		"cli.accept.one":             {"1 or more", "1 或更大的数"},
		"cli.accept.run":             {"a run ID (or a unique part of one) from vol med run plan --commit", "vol med run plan --commit 给出的批次编号（或其中能唯一确定批次的一段）"},
		"cli.accept.item":            {"DRUG@ADDRESS, or a request ID, of an item in run %s", "批次 %s 中的一项：药品@地址，或请求编号"},
		"cli.accept.more_id":         {"more characters of the ID", "编号中更多的字符"},
		"cli.accept.cards_home":      {"a run whose cards are all back home (%d household(s) still without theirs: vol med cards), or --force --why", "医保卡都已归还的批次（还有 %d 户未归还：见 vol med cards），或加 --force --why"},
		"cli.accept.capacity":        {"1 or more households per volunteer", "每位志愿者 1 户或更多"},
		"cli.accept.distance":        {"0 (no limit) or more", "0（不限）或更大的数"},
		"cli.accept.days":            {"0 or more days", "0 天或更多"},
		"cli.accept.elder_only":      {"an elder-only household (vol elders lists them)", "独居或双独居老人户（见 vol elders）"},
		"cli.accept.volunteer":       {"a present volunteer (vol volunteers lists them)", "在住的志愿者（见 vol volunteers）"},
		"cli.accept.other_household": {"a volunteer from another household", "其他住户的志愿者"},
		"cli.accept.paired":          {"a paired elder household (vol pair list)", "已结对的老人户（见 vol pair list）"},
		"cli.accept.mb":              {"1 or more MB", "1 MB 或更大"},
		"cli.accept.phone_full":      {"full phone numbers; masked ones (138****1234) mean a masked vol export: import one written with vol export --full", "完整的手机号；带星号的号码（138****1234）说明这是隐去了信息的导出：请导入用 vol export --full 导出的文件"},

		// sample values in examples
		"cli.eg.text": {"moved away", "已搬离"},
		"cli.eg.item": {"vegetables", "蔬菜包"},

		// built-in names: stable IDs in input and JSON, words on screen and paper
		"cli.rules.old-way":         {"old-way", "老样子"},
		"cli.tier.elders":           {"elders", "老人"},
		"cli.tier.large-families":   {"large-families", "多人口家庭"},
		"cli.tier.property-staff":   {"property-staff", "物业人员"},
		"cli.tier.stranded-workers": {"stranded-workers", "滞留人员"},
		"cli.item.ration":           {"ration", "物资"},
		"cli.table.households":      {"households", "住户"},
		"cli.table.people":          {"people", "人员"},
		"cli.table.elders":          {"elders", "老人"},
		"cli.table.volunteers":      {"volunteers", "志愿者"},
		"cli.table.rounds":          {"rounds", "轮次"},
		"cli.table.round_lines":     {"round_lines", "分配明细"},
		"cli.table.med_requests":    {"med_requests", "配药请求"},
		"cli.table.med_cards":       {"med_cards", "医保卡"},
	})
}

// Built-in names are IDs: typed as they are (old-way, elders, ration), kept
// in the ledger and in JSON, and shown in the user's words in tables, round
// sheets and workbooks. A name of the user's own is shown as it is.

// rulesName is a rule set's name for people.
func (a *App) rulesName(name string) string { return a.builtin("cli.rules.", name) }

// tierName is a tier's name for people.
func (a *App) tierName(name string) string { return a.builtin("cli.tier.", name) }

// itemName is what a round hands out, for people.
func (a *App) itemName(item string) string { return a.builtin("cli.item.", item) }

// tableName is an export table's sheet name for people.
func (a *App) tableName(name string) string { return a.builtin("cli.table.", name) }

func (a *App) builtin(prefix, name string) string {
	if _, ok := words[prefix+name]; ok {
		return a.T(prefix + name)
	}
	return name
}
