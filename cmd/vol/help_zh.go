package main

// helpZh is the Chinese help of one command: what its English Short, Long
// and Example say, and the usage of each of its own flags by name. A flag's
// value may be named in back quotes, as pflag reads them (台账`文件` shows
// as --db 文件); else it is named by its type (文本, 数字). Use is given
// only where the English usage line has words in it.
type helpZh struct {
	Use, Short, Long, Example string
	Flags                     map[string]string
}

// zhHelp is the Chinese help of every command, keyed by the command's path
// without "vol " ("" is vol itself, with the global flags). cobra's own
// commands are here too: help, completion and its subcommands. (The hidden
// __complete is added only when it runs, so its help is never shown.)
// help_test.go fails on a command or flag missing here, or here but gone.
var zhHelp = map[string]helpZh{
	"": {
		Short: "小区志愿者台账：全部数据在一个本地文件里",
		Long: `vol 把小区的住户、居民、老人和志愿者台账保存在一个本地 SQLite 文件里，
每一次修改都记入日志，并据此回答志愿者团队的各种问题。`,
		Flags: map[string]string{
			"as":   "以此`名字`记录修改人（默认为系统用户名）",
			"db":   "台账`文件`（默认为 $VOL_DB，否则为用户数据目录中的台账）",
			"lang": "提示和表头的`语言`：zh 或 en（默认依次看 $LC_ALL、$LC_MESSAGES、$LANG、vol config set lang 的设置、系统语言）",
			"on":   "计算年龄和统计数字的`日期`，格式 YYYY-MM-DD（默认今天）",
		},
	},
	"help": {
		Use:   "help [命令]",
		Short: "查看任一命令的帮助",
		Long: `显示任一命令的帮助。
输入 vol help 加上命令（如 vol help sync import）查看详细说明。`,
	},
	"exit-codes": {
		Short: "退出码的含义",
		Long: `退出码：
  0    成功（结果为空也算成功）
  1    失败：输入有误、台账不存在或不是 vol 的台账、修改被拒绝
  2    用法有误：未知的命令或选项、参数个数不对，
       或不在终端上运行删除、替换类命令而没有加 --yes
  3    vol check 发现台账有问题
  130  被中断`,
	},

	"windows": {
		Short: "在 Windows 上使用：在 cmd.exe 中请输入 vol.exe",
		Long: `在 cmd.exe（命令提示符）中，vol 是系统自带的命令，会显示磁盘的卷标
（“驱动器 C 中的卷没有标签”），不会运行本程序。请在那里输入 vol.exe
（如 vol.exe status、vol.exe alloc），或改用 PowerShell、Windows 终端，
在那里输入 vol 即可运行本程序。

语言跟随 Windows 的显示语言（中文即显示中文）；vol config set lang zh
为当前用户保存选择；--lang 优先于两者。`,
	},

	// The register
	"init": {
		Short: "新建台账文件",
		Long: `新建一个台账文件（权限 0600）。只有这个命令会新建台账。
文件位置依次为 --db、$VOL_DB，否则为用户数据目录中的 ledger.db：
$XDG_DATA_HOME/vol/、~/.local/share/vol/，Windows 上为 %LOCALAPPDATA%\vol\。`,
		Flags: map[string]string{
			"compound":  "小区`名称`",
			"elder-age": "多少`岁`起算作老人",
			"timezone":  "小区所在`时区`，如 Asia/Shanghai（默认为本机时区）",
		},
	},
	"status": {
		Short: "显示正在使用的台账和小区的各项统计",
		Long: `显示正在使用的台账，以及小区在 --on 那天（默认今天）的各项统计。

--as-of 日期：给出该日期（小区所在时区的一天）结束时的统计，由日志还原：
取记录时间不晚于那天结束的各条记录，以及它们之前写下的一切。年龄按该日期计算
（如同时给 --on，必须是同一天）。之后导入的同步文件若带来那天的记录，那天的
数字会随之改变；已抹除的人员从每一天的数字中消失。待处理冲突和等待中的同步
文件说的是台账文件现在的情况，显示的是今天的。可用的日期从台账第一条记录的
那天到今天。`,
		Flags: map[string]string{
			"json":  "输出 JSON",
			"as-of": "给出`日期`（YYYY-MM-DD）那天结束时的统计，由日志还原",
		},
	},
	"demo": {
		Short: "用示例小区凯旋华庭建一本台账，显示统计和当天的余量分配",
		Long: `用内置的凯旋华庭示例名册（在册 438 户，在住 370 户）在临时目录中建一本台账
（给了 --db 就建在那里），显示其统计，再按老样子分配当天余下的 68 份。`,
	},
	"compound": {
		Short: "小区设置",
	},
	"compound set": {
		Short: "修改小区设置：名称、年龄、时区、值班班次",
		Flags: map[string]string{
			"card-overdue-hours": "医保卡离开住户超过多少`小时`算超时",
			"elder-age":          "多少`岁`起算作老人",
			"name":               "小区`名称`",
			"night-age":          "多少`岁`起不排夜班",
			"shifts":             "每天的值班班次，`名称=HH:MM-HH:MM`，逗号分隔",
			"home-visit-needs":   "核酸入户采样的`需求`，逗号分隔（默认 卧床,行动不便,轮椅）",
			"necessities":        "团购必需品`名称`，逗号分隔",
			"contact":            "通报结尾的`联系方式`，如 居委会 021-5555 0000",
			"street":             "小区所属的`街道`（或镇），写进 vol report 的报表",
			"district":           "小区所属的`区`，写进 vol report 的报表",
			"timezone":           "小区所在`时区`，如 Asia/Shanghai：所有副本都按此时区显示时间",
		},
	},
	"household": {
		Short: "登记、列出、查看、更正或删除住户",
	},
	"household add": {
		Short: "按地址登记住户（3号楼2单元501室、3-2-501、3-501、123弄5号501室 …）",
		Flags: map[string]string{"dry-run": "只检查并显示，不写入"},
	},
	"household list": {
		Short: "按地址顺序列出住户",
		Flags: map[string]string{
			"away":     "只列无人在住的住户",
			"building": "只列这栋`楼`",
			"json":     "输出 JSON",
			"limit":    "最多列出多少户，0 为全部",
			"present":  "只列有人在住的住户",
		},
	},
	"household rm": {
		Short: "把一户无人登记的住户从台账中删除",
		Flags: map[string]string{"yes": "不再询问，直接确认"},
	},
	"household set": {
		Short: "更正住户地址",
		Flags: map[string]string{"address": "更正后的`地址`"},
	},
	"household show": {
		Short: "查看一户住户及登记在这户的人员",
		Flags: map[string]string{
			"full": "完整显示电话和出生年月，不打码",
			"json": "输出 JSON",
		},
	},
	"person": {
		Short: "列出、查看、修改或删除人员",
	},
	"person add": {
		Short: "在一户住户中登记一个人（物业人员无需地址）",
		Flags: map[string]string{
			"share-phone":   "本人同意把电话完整显示给团队（结对、老人名单、派送清单）时填 yes（是）；no（否）则打码",
			"address":       "住户`地址`（vol household add 接受的写法都可以）",
			"away":          "在册但目前不在住",
			"birth":         "出生`年月`：年份或年-月（1948、1948-03）；填身份证号只保留出生年月",
			"dry-run":       "只检查并显示，不写入",
			"emergency":     "紧急`联系人`",
			"needs":         "`需求`，如 就医、配药（结对时使用）",
			"new-household": "地址还不是已登记住户时，先登记为新住户",
			"notes":         "`备注`",
			"phone":         "`电话`号码（数字）",
			"role":          "`身份`：resident/居民、property_staff/物业人员、stranded_worker/滞留人员（默认为居民）",
			"sex":           "`性别`：男/女（M/F）",
			"skills":        "`技能`，如 医生、司机（用逗号或顿号分隔）",
			"volunteer":     "是志愿者（不再做志愿者用 --volunteer=false）",
		},
	},
	"person list": {
		Short: "按地址顺序列出人员（电话打码，--full 显示完整）",
		Flags: map[string]string{
			"building":   "只列这一`楼号`",
			"full":       "完整显示电话和出生年月，不打码",
			"json":       "输出 JSON",
			"role":       "只列这一`身份`",
			"volunteers": "只列志愿者",
		},
	},
	"person rm": {
		Short: "把一个人从台账中删除（日志保留这次修改）",
		Flags: map[string]string{"yes": "不再询问，直接确认"},
	},
	"person set": {
		Short: "修改一个人的信息",
		Flags: map[string]string{
			"share-phone": "本人同意把电话完整显示给团队（结对、老人名单、派送清单）时填 yes（是）；no（否）则打码",
			"address":     "住户`地址`（vol household add 接受的写法都可以）",
			"birth":       "出生`年月`：年份或年-月（1948、1948-03）；填身份证号只保留出生年月",
			"emergency":   "紧急`联系人`",
			"name":        "更正后的`姓名`",
			"needs":       "`需求`，如 就医、配药（结对时使用）",
			"notes":       "`备注`",
			"phone":       "`电话`号码（数字）",
			"present":     "目前在住（不在住用 --present=false）",
			"role":        "`身份`：resident/居民、property_staff/物业人员、stranded_worker/滞留人员",
			"sex":         "`性别`：男/女（M/F）",
			"skills":      "`技能`，如 医生、司机（用逗号或顿号分隔）",
			"volunteer":   "是志愿者（不再做志愿者用 --volunteer=false）",
		},
	},
	"person show": {
		Short: "查看一个人（PERSON：编号、编号中唯一的一段，或 姓名@地址）",
		Flags: map[string]string{
			"full": "显示出生年月、电话、紧急联系人和备注",
			"json": "输出 JSON",
		},
	},
	"elders": {
		Short: "独居和双独居户中的老人，含年龄和户类型",
		Flags: map[string]string{
			"full": "完整显示电话和出生年月，不打码",
			"json": "输出 JSON",
		},
	},
	"volunteers": {
		Use:   "volunteers [--duty 职责]",
		Short: "在住的志愿者及其技能（加 --duty 只列有该职责的人）",
		Flags: map[string]string{
			"duty": "只列有这一`职责`的志愿者（门岗、采购 …）",
			"full": "完整显示电话和出生年月，不打码",
			"json": "输出 JSON",
		},
	},
	"avail": {
		Use:   "avail 人员 [--not 日期|星期[:班次]…] [--max-per-week 班数] [--no-nights]",
		Short: "记录志愿者不能值的班，供排班使用（替换此前所说）",
		Long: `记录志愿者说明的限制：--not 日期（2026-12-08）或星期（周一 … 周日、
mon … sun），只限某一班时加 :早、:中 或 :夜，可重复；--max-per-week
每周最多几班（0 为不限）；--no-nights 不值夜班。新的说明替换此前所说：
只写 vol avail 人员 即清除。`,
		Flags: map[string]string{
			"not":          "不能值班的日期或星期，加 :班次 只限那一班（可重复）",
			"max-per-week": "每周最多几`班`（0 为不限）",
			"no-nights":    "不值夜班",
		},
	},
	"rota": {
		Short: "值班表：谁在哪个岗位值哪一班",
	},
	"rota plan": {
		Use:   "plan --from 日期 [--days 天数] [--rest 小时] [--json] [--commit]",
		Short: "为各岗位排若干天的值班表（预览；加 --commit 记录）",
		Long: `按 vol post list 的岗位和在住的志愿者，逐日预排谁在哪个岗位值哪一班。
硬性规则：同一时间只值一个岗位；两班之间至少休息 --rest 小时（夜班后不排
次日早班）；岗位要求的技能；到了不排夜班年龄（默认 65 岁，小区设置
--night-age）的志愿者不排夜班。班次时间见小区设置 --shifts。然后依次：排满
尽可能多的班位；班次分摊均匀（各人班次数平方和最小）；夜班同样均匀；离家
最近。空缺的班位注明原因。同样的台账排出同样的值班表。加 --commit 按那一刻的
台账记录，替换这几天已记录的值班（不增加代价时保留原安排）；此前值过的班计入
公平。`,
		Flags: map[string]string{
			"from":   "第一天，格式 YYYY-MM-DD（默认今天）",
			"days":   "排多少`天`",
			"rest":   "同一志愿者两班之间至少休息的`小时`数",
			"json":   "输出 JSON",
			"full":   "完整显示姓名，不打码",
			"commit": "记录值班表，替换这几天已记录的",
		},
	},
	"rota show": {
		Use:   "show [--date 日期 | --from 日期 --days 天数] [--person 人员] [--building 楼栋] [--json]",
		Short: "查看已记录的值班表：谁在哪里值班，还有哪些空缺",
		Long: `查看 vol rota plan --commit 记录的值班表（以及 vol rota absent、swap 改过
的）：每天每班每个岗位的每个班位、谁值；仍空缺的班位注明为何无人可排（按休息
8 小时算）。--date 只看一天；否则从 --from（默认今天）起看 --days 天。
--person 只看一名志愿者；--building 看该楼的岗位和住在该楼的志愿者。`,
		Flags: map[string]string{
			"date":     "只看这一天，格式 YYYY-MM-DD",
			"from":     "第一天，格式 YYYY-MM-DD（默认今天）",
			"days":     "看多少`天`",
			"person":   "只看这名志愿者",
			"building": "该楼的岗位和志愿者",
			"json":     "输出 JSON",
			"full":     "完整显示姓名，不打码",
		},
	},
	"rota text": {
		Use:   "text --date 日期 [--full]",
		Short: "当天的值班表，生成可贴到微信群的文字",
		Long: `把当天已记录的值班表生成文字，贴到志愿者微信群：先是小区和日期，然后每个
岗位每一班一行，写明谁值班和电话（打码：张*、138****5678；--full 显示完整），
以及还缺几人。`,
		Flags: map[string]string{
			"date": "哪一天，格式 YYYY-MM-DD",
			"full": "完整显示姓名和电话，不打码",
		},
	},
	"rota absent": {
		Use:   "absent 人员 --date 日期 [--shift 班次] [--rest 小时]",
		Short: "志愿者请假：空出其当天的班，只补这些班",
		Long: `志愿者 --date 那天（或只是 --shift 那一班）来不了：空出其当天的班位，
按 vol rota plan 同样的规则重新补人，值班表上其他安排一概不动。这一天也记入
本人不能来的时间（vol avail），以后重新排班时照样避开。无人可补的班位保持空缺
并注明原因。`,
		Flags: map[string]string{
			"date":  "哪一天，格式 YYYY-MM-DD",
			"shift": "只是这一班",
			"rest":  "同一志愿者两班之间至少休息的`小时`数",
			"full":  "完整显示姓名，不打码",
		},
	},
	"rota swap": {
		Use:   "swap 人员 另一人 --date 日期 [--shift 班次] [--rest 小时]",
		Short: "两名志愿者互换当天的班（按规则检查）",
		Long: `两名志愿者互换 --date 那天（或只是 --shift 那一班）的班：人员值另一人的班，
另一人值人员的班；另一人那天没有班时，就由另一人替班。任何一方会违反硬性
规则时拒绝，什么都不改：本人说过不能来的日子或班次、岗位要求的技能、夜班、
同时两个岗位、两班之间休息不足 --rest 小时（前一晚的夜班和次日早班都算）、
每周上限。`,
		Flags: map[string]string{
			"date":  "哪一天，格式 YYYY-MM-DD",
			"shift": "只是这一班",
			"rest":  "同一志愿者两班之间至少休息的`小时`数",
		},
	},
	"rota why": {
		Use:   "why 人员 [--date 日期 | --from 日期 --days 天数]",
		Short: "用一段话说明某志愿者为何排这些班",
		Long: `用一段话说明，在已记录的值班表上，这名志愿者为什么值这些班、不值其他班：
此前值过的班数与全体平均（值得少的优先），本人说过不能来的日子，岗位要求的
技能，夜班，两班之间的休息，每周上限，以及已由值班不比其多或住得更近的人
排满的班。`,
		Flags: map[string]string{
			"date": "只看这一天，格式 YYYY-MM-DD",
			"from": "第一天，格式 YYYY-MM-DD（默认今天）",
			"days": "看多少`天`",
			"rest": "同一志愿者两班之间至少休息的`小时`数",
			"full": "完整显示姓名，不打码",
		},
	},
	"test": {
		Short: "分批核酸：谁几点下楼，谁还没测",
	},
	"test done": {
		Use:   "done 轮次 [地址|人员…] [--unit 单元…] [--staff]",
		Short: "登记已测：整户、个人或整个单元",
		Long: `按楼组长报来的情况登记一轮核酸中谁已测：给地址登记这户所有在住的人，
给人员登记这个人；--unit（3号楼2单元、3-2，没有单元的楼写 3号楼；可重复）
登记整个单元下楼已测的在住人员，本轮入户名单上的人除外；--staff 登记开始时
已测的物业人员。此前已登记的人只计数，不重复登记。所有参数一起生效：地址或
人员找不到、有人不在住、轮次已结束，都整体拒绝，什么也不记录。`,
		Flags: map[string]string{
			"unit":  "整个单元已下楼检测：3号楼2单元、3-2，或没有单元的 3号楼（可重复）",
			"staff": "开始时已测的物业人员",
		},
	},
	"test rounds": {
		Short: "列出各轮核酸：应检、已测、入户、是否结束",
		Long: `按日期列出已记录的核酸轮次：排期时的应检人数，已测人数（进行中的轮次为
目前已登记的人数，已结束的为结束时的人数），入户名单上的人数（排期时的，
或结束时清点的），以及是否已结束。`,
		Flags: map[string]string{
			"json": "输出 JSON",
		},
	},
	"test missing": {
		Use:   "missing 轮次 [--building 楼栋] [--full]",
		Short: "谁还没测：按楼栋、单元列出，附楼组长",
		Long: `列出一轮核酸中还没测的在住人员，按楼栋、单元排列，附该楼楼组长（姓名打码，
本人同意公开的显示完整电话），方便打电话催下楼。本轮入户名单上的人（入户
名单上的住户中、需求在入户名单上的人）不列出，由医护上门。未测的物业人员
在最后合为一行（用 vol test done 轮次 --staff 登记）；--building 只看一栋楼，
不含物业人员。在住与否按台账当前的登记，而不是排期时的登记。
姓名打码，加 --full 显示完整姓名。`,
		Flags: map[string]string{
			"building": "只看这一栋`楼`（3、3号楼、一期3号楼、A座）",
			"json":     "输出 JSON",
			"full":     "完整显示姓名和电话，不打码",
		},
	},
	"test close": {
		Use:   "close 轮次",
		Short: "结束一轮核酸，记录最终人数",
		Long: `结束一轮进行中的核酸，记录最终人数：已测（vol test done 登记的人数），
未测（在住、未测、又不在入户名单上的人数），入户名单上的人数；在住按台账
当前的登记。结束后不能再登记已测，也不能再次结束。`,
	},
	"test plan": {
		Use:   "plan --date 日期 --stations 台数 [--start 时刻] [--rate 人数] [--walk-per-floor 分钟] [--walk 楼=分钟…] [--max-queue 人数] [--commit]",
		Short: "排一轮分批核酸：各单元按时下楼，排队不超过上限",
		Long: `排一轮核酸：所有在住的人都要叫到。居民和滞留工人按单元下楼（单元人数超过
--max-queue 时按楼层分批），物业人员在开始时一起测；需求在入户名单上的人
（vol compound set --home-visit-needs；卧床、行动不便、轮椅）不排下楼，
列入医护入户名单，由近及远。每隔 --step 分钟通知一批，按地址顺序，只要预计
排队不超过 --max-queue 就尽早下楼。预计用模拟算出：--stations 个采样台，
每台每分钟 --rate 人，先到先测；一个单元的人逐层下楼（每层 --walk-per-floor
分钟，再走到采样点 --walk）。同时列出完成时间、最长排队、最长等候，并与
“全部同时下楼”“逐个单元下楼”对比。加 --commit 记录这一轮。`,
		Flags: map[string]string{
			"date":           "哪一天，格式 YYYY-MM-DD",
			"start":          "开始时刻，格式 HH:MM",
			"stations":       "采样台`数`",
			"rate":           "每台每分钟采样`人数`",
			"walk-per-floor": "每下一层楼的`分钟`数",
			"walk":           "某楼走到采样点的分钟数，`楼=分钟`（可重复；其余楼按 2 分钟）",
			"max-queue":      "排队最多`人数`",
			"step":           "两次通知之间的`分钟`数",
			"json":           "输出 JSON",
			"commit":         "记录这一轮",
		},
	},
	"test text": {
		Use:   "text 轮次 [--building 楼栋] [--bring 文本]",
		Short: "一轮核酸的下楼通知，每栋楼一段，贴到各楼微信群",
		Long: `把已记录的一轮核酸生成下楼通知，贴到各楼的微信群：日期，各单元（或其中
几层）几点下楼，要带什么，本楼几位居民由医护上门（只写人数，不写姓名），以及
联系人楼组长（姓名打码；本人同意公开的显示电话；--full 完整显示）。
--building 只生成一栋楼的通知。`,
		Flags: map[string]string{
			"building": "只生成这栋楼",
			"bring":    "要带的东西，替换默认那句",
			"full":     "完整显示楼组长姓名和电话",
		},
	},
	"bulletin": {
		Use:   "bulletin [--as-of 日期] [--lang zh|en|zh,en] [--json] [--png 文件] [--html 文件] [--font 文件]",
		Short: "每日通报：按当天结束时的台账生成，贴到居民群",
		Long: `按当天结束时的台账生成当天的通报（--as-of，默认今天；台账由日志重建）：
在住户数和人数，独居老人及其中已结对志愿者的户数，送达的物资份数和未送完的
轮次，配药登记、配到、未配到和在外的医保卡，核酸进度，团购收货，值班已排和
空缺，每项都附与前一天相比的变化。只有数字：不写姓名，地址不细于楼栋。当天
没有数据的部分不写。--lang zh,en 同时输出中英文。结尾是居委会当天的说明
（vol bulletin note）和联系方式（vol compound set --contact）。`,
		Flags: map[string]string{
			"as-of": "哪一天，格式 YYYY-MM-DD（默认今天）",
			"json":  "输出 JSON",
			"png":   "另画成宽 1080 像素的图片，写入`文件`",
			"html":  "另写成可打印的网页，写入`文件`",
			"font":  "画图用的中文字体`文件`（默认用系统的）",
		},
	},
	"report": {
		Use:   "report [--as-of 日期] [-o 文件] [--json]",
		Short: "当天给街道的报表：统计和需求，签名，不含姓名",
		Long: `写出小区某一天（--as-of，默认今天）的报表，交街道汇总（vol hub import）：
当天结束时的统计（与 vol status --as-of 相同，另加当天的送达、配药、核酸、
团购和值班），小区名称、街道和区（vol compound set），台账编号和日志位置，
以及街道可以处理的需求：没有结对志愿者的老人户数、最近一轮分配缺的份数、
跑了两次仍未配到的药（至少 3 户在等的药写药名，其余只写总数）。不含姓名、
电话和地址。报表用本副本的设备密钥签名，并附上为这把密钥担保的记录，所以
街道信任一本台账后，这本台账任何副本的报表都能收。文件为 -o 给出的文件，
否则为当前目录下的 report-日期-台账.json；--json 改为直接输出。`,
		Flags: map[string]string{
			"as-of":  "哪一天，格式 YYYY-MM-DD（默认今天）",
			"output": "报表`文件`（默认 report-日期-台账.json）",
			"json":   "直接输出报表，不写文件",
		},
	},
	"hub": {
		Short: "街道汇总：各小区的每日报表汇到一处",
		Long: `街道汇总把各小区的每日报表（各小区电脑上的 vol report）收进一个汇总库，
由此得出全街道、全区的数字：谁报了、各街道和各区的合计、各项需求。汇总库是
--hub，否则为 $VOL_HUB，否则为用户数据目录中的 hub.db：一个 SQLite 文件，
或用 postgres:// 网址给出的 PostgreSQL 数据库。`,
		Flags: map[string]string{
			"hub": "汇总`库`：文件或 postgres:// 网址（默认为 $VOL_HUB，否则为用户数据目录中的 hub.db）",
		},
	},
	"hub init": {
		Short: "新建汇总库（一个 SQLite 文件，或 PostgreSQL 数据库中的表）",
	},
	"hub trust": {
		Use:   "trust 报表|指纹… [--street 街道]",
		Short: "信任一个小区：凭它的报表文件，或凭电话里念的密钥指纹",
		Long: `信任一个小区和为它的报表签名的设备密钥。

报表（vol report 写的文件）：登记它的小区（按台账编号）和签名的密钥，并显示
密钥指纹：请与小区在电话里念的（vol sync whoami）核对。
指纹（电话里念的 20 位数字）：先记下这把密钥；vol hub import 收到它签名的第一
份报表时登记小区。
--street 是小区所属的街道，只用于报表里没写街道的小区（小区电脑上的
vol compound set --street 优先）。`,
		Flags: map[string]string{
			"street": "小区所属的`街道`，只用于报表里没写街道的小区",
			"json":   "输出 JSON",
		},
	},
	"hub import": {
		Use:   "import 文件…|文件夹",
		Short: "把各小区的报表文件收进汇总库",
		Long: `把报表文件（vol report 写的）收进汇总库：每个文件，或文件夹中的每个 *.json
文件。每个文件都核对签名，签名密钥须是汇总库为这个小区信任的（vol hub
trust），或由报表附带的记录担保（受信任台账的另一个副本）。损坏、伪造或未受
信任的文件被拒收，每个一行，一点不存；其余照收。每个小区每天只留一份报表：
做得最晚的那份（同时则取散列值较大的），与收文件的先后无关，替换时会说明。
同一文件再收一次不改变任何东西。有文件被拒收时退出码为 1。`,
		Flags: map[string]string{"json": "以 JSON 输出每个文件的处理结果"},
	},
	"hub status": {
		Use:   "status [--date 日期] [--street 街道] [--json]",
		Short: "全区当天情况：各小区的数字、合计、谁还没报",
		Long: `某一天（--date，默认今天）各小区报表中的数字，按街道和区合计已报的小区，
并列出当天还没报的小区。--street 只看一个街道的小区。--json 给出全部数字：
“date”、“compounds”（“ledger_id”、“compound”、“street”、“district”、
“reported”和各项数字，没报时为“null”）、“totals”、“streets”、“districts”
和“not_reported”。`,
		Flags: map[string]string{
			"date":   "哪一天，格式 YYYY-MM-DD（默认今天）",
			"street": "只看这个`街道`的小区",
			"json":   "输出 JSON",
		},
	},
	"hub trend": {
		Use:   "trend --figure 名称 [--days 天数] [--date 日期] [--json]",
		Short: "某项数字的全区合计，逐日，并注明几个小区报了",
		Long: `某项数字在已报小区上的合计：截至 --date（默认今天）的 --days 天（默认 7），
每天注明几个小区报了：报的小区少，合计就不能直接比。名称是报表的数字键之一
（vol hub status --json 列出全部）。`,
		Flags: map[string]string{
			"figure": "哪项`数字`，如 present_households",
			"days":   "多少`天`，到 --date 为止",
			"date":   "最后一天，格式 YYYY-MM-DD（默认今天）",
			"json":   "输出 JSON",
		},
	},
	"hub needs": {
		Use:   "needs [--date 日期] [--json]",
		Short: "哪里缺帮助：未配到的药、没结对志愿者的老人、缺的份数",
		Long: `当天（--date，默认今天）的报表里街道可以处理的事：跑了两次仍未配到的药，
各小区加总，要的户数多的在前（一个小区只有 3 户以上在等的药才写药名，其余
只算总数）；以及有老人户没结对志愿者、最近一轮分配缺份数或有其他药未配到
的小区，没结对的老人户多的在前。`,
		Flags: map[string]string{
			"date": "哪一天，格式 YYYY-MM-DD（默认今天）",
			"json": "输出 JSON",
		},
	},
	"hub split": {
		Use:   "split --packs 份数 --date 日期 [--json]",
		Short: "按在住户数把区里的一批物资分给各小区",
		Long: `把 N 份物资按在住户数分给 D 那天报了的小区：每个小区先得按比例算出的整数
部分，剩下的份数按余数从大到小每个小区一份，余数相同的按表中顺序（区、街道、
小区、台账编号）。每行写明原因。当天没报的小区不分：不知道它们的户数。`,
		Flags: map[string]string{
			"packs": "这批物资的`份数`",
			"date":  "按哪一天报表里的在住户数，格式 YYYY-MM-DD",
			"json":  "输出 JSON",
		},
	},
	"hub export": {
		Use:   "export [-o 文件] [--date 日期]",
		Short: "把某一天的全区表格写成 XLSX 工作簿",
		Long: `把某一天（--date，默认今天）的全区表格写成 XLSX 工作簿：一页是每个小区的
全部数字（没报的空着），以及各街道、各区的合计；一页是需求。`,
		Flags: map[string]string{
			"output": "XLSX `文件`（默认 hub-日期.xlsx）",
			"date":   "哪一天，格式 YYYY-MM-DD（默认今天）",
		},
	},
	"hub revoke": {
		Use:   "revoke 指纹… [--json]",
		Short: "不再信任一把密钥（电脑丢了或被偷）：今后它签的报表一律拒收",
		Long: `不再信任指纹为“指纹”（vol hub trust 显示的 20 位数字）的密钥：今后它签的
报表一律拒收，它在别的报表里签的信任链接也不算（它交接出去的副本须另行
信任）。它以前签的报表保留。还在等第一份报表的指纹直接删掉。对这把密钥签
的报表运行 vol hub trust，即重新信任。`,
		Flags: map[string]string{
			"json": "输出 JSON",
		},
	},
	"hub serve": {
		Use:   "serve [--addr 主机:端口] [--token-file 文件]",
		Short: "在浏览器里看全区汇总，并接收用 POST 上传的报表",
		Long: `在浏览器里看汇总（只读）：当天每个小区的数字和合计、谁没报、需求、某个
数字的趋势，中英文都有。打开它显示的地址；Ctrl+C 停止。
用 127.0.0.1（默认）时只有本机能打开。用别的地址时，页面须凭 --token-file
里的口令打开（文件不存在时会新做一个）：把它显示的链接交给街道的人。
有网时，小区的电脑可以直接上传报表：
  curl --data-binary @report.json http://主机:端口/reports
报表由汇总信任的密钥签名，签名就是凭证，不需要口令。`,
		Flags: map[string]string{
			"addr":       "服务的地址，主机:端口",
			"token-file": "存页面口令的文件（不存在时新做一个）；非本机地址必须给",
		},
	},
	"bulletin note": {
		Use:   "note 文字 [--as-of 日期]",
		Short: "记录当天通报的说明，语言按 --lang",
		Long: `记录居委会当天的说明，写在通报结尾，按它的语言：用 --lang zh 和 --lang en
各记一次，中英文通报就各有一句。文字为空（""）则删除。不要写姓名：通报发给
所有居民。`,
		Flags: map[string]string{"as-of": "哪一天，格式 YYYY-MM-DD（默认今天）"},
	},
	"buy": {
		Short: "团购：从微信接龙到订单、汇总、无加价，核对到分",
	},
	"buy new": {
		Use:   "new 团名 --lead 人员 [--building 楼栋] [--supplier 名称] [--closes 时间] [--json]",
		Short: "开一个团购，显示其编号",
		Flags: map[string]string{
			"lead":     "团长（通常是楼组长）",
			"building": "面向哪栋楼",
			"supplier": "供货商`名称`",
			"closes":   "截单`时间`，照写（2026-12-08 18:00）",
			"json":     "输出 JSON",
		},
	},
	"buy list": {
		Short: "列出团购",
		Flags: map[string]string{"json": "输出 JSON"},
	},
	"buy item": {
		Use:   "item 团购 商品 --price 元 --unit 单位 [--alias 别名…] [--why 理由]",
		Short: "按供货商的价格给团购加一个商品（不加价）",
		Long: `按供货商的单价（元，按整分保存）给团购加一个商品。--alias 加上居民常写的
别名（蛋 即 鸡蛋）。不在必需品名单上的商品（vol compound set --necessities）
需要 --why 说明理由。`,
		Flags: map[string]string{
			"price": "单价，`元`，如 12.50",
			"unit":  "`单位`，如 盒、袋、斤",
			"alias": "居民常写的另一个`名称`（可重复）",
			"why":   "不是必需品时说明理由",
		},
	},
	"buy fee": {
		Use:   "fee 团购 --yuan 金额 --why 用途 [--split household|value]",
		Short: "加一笔费用（运费等），由下单住户分摊",
		Long: `加一笔费用，由下单的住户分摊：平均分（--split household，默认），或按各户
货款比例（--split value）。各户分摊加起来正好等于这笔费用，一分不差：多出的
零头按余数从大到小每户一分，余数相同按地址顺序。`,
		Flags: map[string]string{
			"yuan":  "费用，`元`",
			"why":   "用途，如 运费",
			"split": "household|value：平均分或按货款分",
		},
	},
	"buy import": {
		Use:   "import 团购 文件|- [--dry-run] [--json]",
		Short: "把粘贴的接龙读成各户订单",
		Long: `读入从微信复制的接龙（文件，或用 - 直接粘贴）：开头几行说明、可有一行示例
（例、格式），然后是编号的各行，如“12. 3-501 王 鸡蛋2 大米1”“13、5号楼1203
鸡蛋 x2”。每一行要么成为台账上某一户的订单，要么列出行号和原因（地址不对、
没有这个商品、没写数量），从不猜。订单按户记，不按行号：再导入更长的接龙只加
新的，某户改了的显示为修改；同一户出现两次以后面一行为准，两行都列出。
这次没出现的住户保留原订单。--dry-run 只显示将记录什么。`,
		Flags: map[string]string{
			"dry-run": "只显示，不写入",
			"json":    "输出 JSON",
		},
	},
	"buy pay": {
		Use:   "pay 团购 地址 --yuan 金额",
		Short: "登记某户为团购付的钱",
		Flags: map[string]string{"yuan": "金额，`元`"},
	},
	"buy invoice": {
		Use:   "invoice 团购 --yuan 金额 [--item 名称=元…]",
		Short: "登记供货商收的货款（费用另计）",
		Long: `登记供货商为这次团购收的货款（费用另计），以及发票上有的各商品单价（--item
鸡蛋=12.50）。之后 vol buy check 核对：各户账单合计等于货款加费用减退款，
没有商品高于发票单价。`,
		Flags: map[string]string{
			"yuan": "货款合计，`元`",
			"item": "发票上某商品的单价，`名称=元`（可重复）",
		},
	},
	"buy deliver": {
		Use:   "deliver 团购 [地址…] [--all]",
		Short: "登记住户已收货",
		Flags: map[string]string{"all": "所有下了单的住户"},
	},
	"buy short": {
		Use:   "short 团购 商品 --qty 数量",
		Short: "供货商少送了：按最后下单的先扣，退款到分",
		Long: `供货商某商品比订单少送了 N 件：从最后下的订单（接龙最后几行）开始扣，每件
按商品单价退款，精确到分。账单在同一次写入中更新。`,
		Flags: map[string]string{"qty": "少送的`数量`"},
	},
	"buy check": {
		Use:   "check 团购 [--final]",
		Short: "核对团购的账目规则；都对时什么也不显示",
		Long: `核对团购的账目：每户记录的账单等于按订单、单价、费用、退款算出的；各户账单
合计等于货款加费用减退款，一分不差；没有商品高于发票单价；每个商品都是必需品
或说明了理由。都对时什么也不显示、退出码 0；否则说明哪里不对、退出码 1。
加 --final 时，还有住户没付清或没收货、或没有发票，也算不通过。`,
		Flags: map[string]string{"final": "还有人没付清或没收货时也不通过"},
	},
	"buy show": {
		Use:   "show 团购 [--json]",
		Short: "团购汇总：按商品（给供货商）、按楼栋、按住户（账单）",
		Long: `团购的几张表：每个商品的总数（给供货商的订单），每栋楼收多少（楼组长为
联系人），每户的账单（货款、分摊的费用、退款、已付、是否收货），然后是上次
接龙中没读入的行，以及谁还没付清、没收货。`,
		Flags: map[string]string{
			"json": "输出 JSON",
			"full": "完整显示楼组长姓名",
		},
	},
	"buy text": {
		Use:   "text 团购",
		Short: "团购汇总文字，贴回群里",
		Flags: map[string]string{"full": "完整显示楼组长姓名"},
	},
	"post": {
		Short: "值守岗位：门岗、巡逻路线、核酸点",
	},
	"shift": {
		Short: "登记值班表上的班次已值完（志愿者要开的志愿时长证明由此而来）",
	},
	"shift done": {
		Use:   "done 人员 --date 日期 --shift 班次 | --all --date 日期 --shift 班次",
		Short: "登记某志愿者（或 --all 该班全部人员）已值完值班表上的一班",
		Long: `登记志愿者已值完某天的某一班。只能登记已记录的值班表上（vol rota plan
--commit）该天该班的人；换了人值班，请先在值班表上改（vol rota swap、
vol rota absent），再登记。--all 登记值班表上该天该班的所有人。该班须已开始；
夜班算在开始的那一天。重复登记不会重复记录。时长按登记时的班次设置
（vol compound set --shifts）计算，随登记一起保存：以后改班次设置，已登记
的时长不变。vol shift undone 撤销登记；vol hours 汇总时长。`,
		Flags: map[string]string{
			"date":  "该班的`日期`，格式 YYYY-MM-DD（夜班按开始的那天；必填）",
			"shift": "`班次`名称，如 早、中、夜（必填）",
			"all":   "值班表上该天该班的所有人",
		},
	},
	"shift undone": {
		Use:   "undone 人员 --date 日期 --shift 班次 | --all --date 日期 --shift 班次",
		Short: "撤销 vol shift done 的登记（--all：该班的全部登记）",
		Long: `撤销 vol shift done 为某志愿者登记的某天某班，或用 --all 撤销该天该班的
全部登记。撤销和其他修改一样记入日志；vol undo 也能撤销最近一次修改。`,
		Flags: map[string]string{
			"date":  "该班的`日期`，格式 YYYY-MM-DD（夜班按开始的那天；必填）",
			"shift": "`班次`名称，如 早、中、夜（必填）",
			"all":   "该天该班的全部登记",
		},
	},
	"hours": {
		Use:   "hours [--from 日期] [--to 日期] [--json] [--full]",
		Short: "每位志愿者已值的班次数和志愿时长（来自 vol shift done）",
		Long: `汇总 --from 到 --to（含首尾两天；默认全部日期）每位志愿者已登记值完的班次
（vol shift done）：班次数和时长，每班按登记时的长度计。时长多的在前，
同样多的按姓名排。表格最后一行是合计。--json 输出一个列表，每项含
person_id、“name”（姓名，不加 --full 则打码）、“shifts”（班次数）和
“hours”（小时数）。`,
		Flags: map[string]string{
			"from": "第一天，格式 YYYY-MM-DD（默认从最早的登记起）",
			"to":   "最后一天，格式 YYYY-MM-DD（默认到最晚的登记止）",
			"json": "输出 JSON",
			"full": "完整显示姓名，不打码",
		},
	},
	"post add": {
		Use:   "add 名称 --need 人数 [--skill 技能] [--shifts 早,中,夜] [--building 楼栋]",
		Short: "记录一个值守岗位及其每班所需的志愿者人数",
		Long: `记录一个值守岗位：名称（东门、巡逻一线、核酸点）、每班需要的志愿者人数
（--need）、要求的技能（--skill 医生）、值守的班次（--shifts 早,夜；默认为
全部班次）和所属楼栋（--building 3）。一天的班次为 早 06:00-14:00、
中 14:00-22:00、夜 22:00-06:00。`,
		Flags: map[string]string{
			"need":     "每班在岗的志愿者`人数`",
			"skill":    "岗位要求的`技能`（医生、护士 …）",
			"shifts":   "值守的`班次`，如 早,夜（默认为全部班次）",
			"building": "岗位所属的`楼栋`",
		},
	},
	"post list": {
		Short: "按名称列出值守岗位",
		Flags: map[string]string{"json": "输出 JSON"},
	},
	"post rm": {
		Use:   "rm 岗位",
		Short: "删除一个值守岗位",
	},
	"building": {
		Short: "设置楼栋的楼组长和副楼组长",
	},
	"building set": {
		Use:   "set 楼栋 [--leader 人员] [--deputy 人员]",
		Short: "指定楼栋的楼组长和副楼组长；给空值（--deputy ''）即取消",
		Flags: map[string]string{
			"leader": "楼组长（`人员`：姓名、姓名@地址、电话或编号）",
			"deputy": "副楼组长（`人员`）",
		},
	},
	"buildings": {
		Short: "各楼栋及其楼组长、副楼组长、在住户数、在住人数、老人数、志愿者数",
		Flags: map[string]string{
			"full": "完整显示姓名和电话，不打码",
			"json": "输出 JSON",
		},
	},
	"duty": {
		Short: "给人员加上或去掉职责标签（楼组长、采购、顾问、门岗、巡逻、核酸 …）",
	},
	"duty add": {
		Use:   "add 人员 职责…",
		Short: "给人员加上职责标签",
	},
	"duty rm": {
		Use:   "rm 人员 职责…",
		Short: "去掉人员的职责标签",
	},
	"who": {
		Short: "找有某项技能的在住人员（医生、护士、司机 …），由近到远",
		Long: `列出有某项技能的在住人员，离 --near 给的地址近的在前：先同单元，再同楼，
再按距离排其他楼（与结对用的是同一种距离），最后是没有地址的人；
距离相同的按地址顺序排列。`,
		Flags: map[string]string{
			"full":  "完整显示电话，不打码",
			"json":  "输出 JSON",
			"near":  "一个`地址`：同单元的在前，其次同楼，再按楼号远近",
			"skill": "要找的`技能`（必填）",
		},
	},

	// Pairing
	"pair": {
		Short: "为独居老人结对志愿者（长者一对一）",
	},
	"pair elders": {
		Short: "为每户还没有志愿者的独居/双独居户结对最合适的志愿者",
		Long: `为还没有志愿者的独居、双独居户结对志愿者，已有的结对保持不变。
结对方案是总代价最小的那一种（精确求解）：距离越远代价越高（同单元 < 同楼
< 按楼号远近的其他楼），志愿者的技能每缺一项老人的需求也加代价（就医 → 司机，
配药 → 医生/护士，上海话，翻译/英语）；志愿者不会结对自己家，负责的户数也
不超过 --capacity。志愿者搬走、不再做志愿者或已不在册的，其结对会结束并
重新结对。--rebalance 重新计算全部结对（已有结对留下有优势），先列出调整
再执行。再运行一次不会有变化。结对按记录那一刻的台账决定，两次同时运行
也不会把同一户结对两次。`,
		Flags: map[string]string{
			"capacity":     "一名志愿者最多负责几户老人",
			"dry-run":      "只显示结对，不写入",
			"full":         "完整显示姓名，不打码",
			"json":         "输出 JSON",
			"max-distance": "结对的最远`距离`（1 同单元，3 同楼，10 及以上为其他楼）；0 为不限",
			"rebalance":    "重新计算全部结对并列出调整（会先询问）",
			"yes":          "重新结对时不再询问，直接执行",
		},
	},
	"pair set": {
		Short: "为一户老人指定志愿者（结束其现有结对）",
	},
	"pair end": {
		Short: "结束一户老人的结对",
		Flags: map[string]string{"why": "`原因`（必填）"},
	},
	"pair list": {
		Short: "现有结对及最近一次联系，以及没有志愿者的老人户",
		Flags: map[string]string{
			"full":       "完整显示姓名，不打码",
			"json":       "输出 JSON",
			"quiet-days": "只列这么多`天`内没有联系过的结对",
			"unpaired":   "只列没有志愿者的老人户",
		},
	},
	"pair contact": {
		Short: "记录一次对结对老人户的探访或电话",
		Flags: map[string]string{"note": "情况`说明`（按个人信息保管）"},
	},

	// Medicine runs
	"med": {
		Short: "配药：登记需求、安排批次、医保卡去向",
	},
	"med request": {
		Short: "登记一户的配药需求",
		Flags: map[string]string{
			"drug":   "要配的`药品`（多种药重复此项）",
			"note":   "给志愿者的`备注`（按健康信息保管）",
			"qty":    "每种药的`数量`",
			"urgent": "加急：下一批优先配",
		},
	},
	"med list": {
		Short: "按安排顺序列出配药需求，以及每项已落空的批次数",
		Flags: map[string]string{
			"building": "只列这栋`楼`",
			"json":     "输出 JSON",
			"open":     "只列还没配到的需求",
		},
	},
	"med card": {
		Short: "离开住户的医保卡",
	},
	"med card take": {
		Short: "记录医保卡由志愿者从住户家取走",
		Flags: map[string]string{"by": "保管医保卡的`志愿者`（PERSON）"},
	},
	"med card return": {
		Short: "记录医保卡已送回住户家",
	},
	"med cards": {
		Short: "所有不在住户家的医保卡：在谁手里、何时取走",
		Flags: map[string]string{
			"json":    "输出 JSON",
			"overdue": "只列离开时间超过小区设置的医保卡（未设置时为 24 小时）",
		},
	},
	"med run": {
		Short: "去医院配药：安排一批、登记配到的药、结束批次",
	},
	"med run plan": {
		Short: "把待配需求排成一批配药单（预览；加 --commit 记录本批）",
		Long: `把待配的需求排成一批：加急的在前，其次落空次数多的，再次登记早的，
最后按楼排，让志愿者少走路。一批最多 --max-households 户（一个人一下午
拿得下的量）；一户的待配需求放在同一批。--by auto 推荐离得最近、
是医生或护士（能开处方）、且没有在跑其他批次的在住志愿者。
配药单列出每个地址、要配的药、是否需要医保卡和打码的电话。
--commit 按那一刻的台账安排并记录本批：其间已被其他批次取走的需求不再列入。`,
		Flags: map[string]string{
			"by":             "去配药的`志愿者`（PERSON），或用 --by auto 自动推荐",
			"commit":         "记录本批",
			"hospital":       "本批去的`医院`",
			"json":           "输出 JSON",
			"max-households": "每批最多几户",
		},
	},
	"med run result": {
		Use:   "result RUN [--got ITEM…] [--not-found ITEM…] [--file REPLY.txt] [--hospital NAME]（ITEM：DRUG@ADDRESS 或需求编号）",
		Short: "登记一批配到了什么、哪些没配到：逐项给出、读取发回的配药单，或逐项询问",
		Long: `一次写入登记一批的结果，来源可以是：
  --got ITEM / --not-found ITEM   一项（药品@地址，或需求编号），可重复
  --file REPLY.txt                vol med run show 批次 --text 的配药单发回后，
                                  每行的 ☐ 改成了 ✓（配到）或 ✗（没配到）；
                                  - 表示从标准输入读取
  什么都不给、在终端里运行        逐项询问（是 配到，否 没配到，回车跳过）
已登记且相同的结果再给一次，保持不变。`,
		Flags: map[string]string{
			"file":      "发回的配药单`文本`，每行标 ✓ 或 ✗（- 表示标准输入）",
			"got":       "配到的一`项`（DRUG@ADDRESS；可重复）",
			"hospital":  "去过的`医院`（默认为本批的医院）",
			"not-found": "没配到的一`项`（DRUG@ADDRESS；可重复）",
		},
	},
	"med run show": {
		Use:   "show RUN [--text | -o FILE.xlsx | --json] [--full]",
		Short: "重新打印一批的配药单：表格、--text 发微信，或 -o 文件.xlsx",
		Long: `打印一批已记录的配药单：每项的需求编号、地址、药品、数量、是否加急、
住户的医保卡、电话（本人同意公开时完整显示）和目前的结果（✓ 配到，✗ 没配到，
☐ 还没有结果）。

加 --text 输出纯文本，发到志愿者的微信：志愿者把每行的 ☐ 改成 ✓ 或 ✗ 后发回；
vol med run result 批次 --file 读取发回的文本。-o 文件.xlsx 写成工作簿以便打印。`,
		Flags: map[string]string{
			"full":   "完整显示电话",
			"json":   "输出 JSON",
			"output": "把配药单写成 XLSX `文件`",
			"text":   "输出发微信用的纯文本，每项一行，标 ✓ 或 ✗",
		},
	},
	"med run close": {
		Short: "结束一批；本批住户的医保卡没送回家时不能结束",
		Flags: map[string]string{
			"force": "医保卡未送回也强制结束（须加 --why）",
			"why":   "强制结束的`原因`",
		},
	},
	"med runs": {
		Short: "配药批次，新的在前，含每批配到的药",
		Flags: map[string]string{"json": "输出 JSON"},
	},
	"med purge": {
		Short: "清除早已配到的需求的药名和备注（数量保留）",
		Flags: map[string]string{
			"older-than": "清除配到已超过这个`天数`的需求，写法如 30d",
			"yes":        "不再询问，直接确认",
		},
	},

	// Surplus rations
	"alloc": {
		Short: "按优先规则分配余量物资（预览；加 --commit 记录本轮）",
		Long: `按一套规则逐档分配余量物资，并说明每一行的理由。

余量为 --surplus N；或 --received N 减去每户在住户一份；默认为在册户数减在住
户数（配送按在册户数计算）。内置规则 old-way（老样子）依次照顾独居/双独居户中
的老人、5 人及以上的家庭、物业人员、有滞留人员的房屋；分剩的留作备用。同一档
内，此前各轮同种物资分得少的优先。

vol alloc 只做预览；--commit 按那一刻的台账作出决定并记录本轮，供配送使用。
如果命令运行期间另一个命令已为同一天、同种物资记录了一轮，本命令不作记录，
并会说明。`,
		Flags: map[string]string{
			"commit":   "记录本轮（以后可以作废，但不能修改）",
			"full":     "完整显示领取人姓名，不打码",
			"item":     "发放的`物资`，历史按物资分别计算",
			"json":     "输出 JSON",
			"leftover": "最后一档分完后剩余的`去向`：--leftover reserve 留作备用，--leftover cycle 再按各档分一遍（默认按规则）",
			"received": "全小区收到的`份数`：每户在住户一份，其余为余量",
			"rules":    "`规则`：vol rules list 中的名称，或一个规则文件",
			"surplus":  "要分的`份数`（默认：在册户数 − 在住户数）",
		},
	},
	"why": {
		Short: "说明一户或一个人为什么分到、为什么没分到",
		Long: `用一段话说明一户或一个人为什么分到或没分到：属于哪一档，在该档排第几、
为什么，以及当时还剩几份。加 --round 时依据该轮记录的各行；不加时依据
今天默认分配的预览（vol alloc 的选项同样适用）。`,
		Flags: map[string]string{
			"item":     "`物资`，同 vol alloc --item",
			"received": "收到的`份数`，同 vol alloc --received",
			"round":    "说明这个`编号`的已记录轮次，而不是今天的预览",
			"rules":    "`规则`，同 vol alloc --rules",
			"surplus":  "要分的`份数`，同 vol alloc --surplus",
		},
	},
	"rounds": {
		Short: "列出已记录的各轮分配，新的在前",
		Flags: map[string]string{"json": "输出 JSON"},
	},
	"round": {
		Short: "查看、登记送达或作废已记录的一轮",
	},
	"round show": {
		Short: "一轮的全部领取人，已送达或待送",
		Flags: map[string]string{
			"full": "完整显示领取人姓名，不打码",
			"json": "输出 JSON",
		},
	},
	"round deliver": {
		Short: "登记一轮中已送到的物资",
		Flags: map[string]string{
			"all": "本轮全部领取人",
			"by":  "送达的`志愿者`（PERSON）",
		},
	},
	"round sheet": {
		Short: "一轮的送货清单，每栋楼一张（XLSX，或用 --text 发到微信群）",
		Long: `为上门送货的志愿者打印已记录的一轮的送货清单：默认写成 XLSX 工作簿，
每栋楼一张表；加 --text 则按楼分段、以纯文本输出到标准输出，
方便贴到该楼的微信群。

每行是一个地址、它的份数（同一地址的多行合并、份数相加）、打勾的一栏
（vol 已登记送达的标 ✓）、领取人（个人显示打码的姓名，住户或房屋显示地址），
以及该户第一位在住居民打码后的电话。物业人员没有住户，排在最后。
--building 只保留一栋楼；--full 完整显示姓名和电话（vol 会提示）。

XLSX 文件默认为 round-<ID>.xlsx，可用 -o 指定；文件权限 0600，
先写到临时文件名下再改名。`,
		Flags: map[string]string{
			"building": "只要这一栋`楼`（3、3号楼、一期3号楼、A座）",
			"full":     "完整显示领取人姓名和电话",
			"output":   "要写入的 XLSX `文件`（默认 round-ID.xlsx）",
			"text":     "以纯文本输出到标准输出，不写 XLSX",
		},
	},
	"round void": {
		Short: "作废已记录的一轮（新增一条日志，原记录不会被修改）",
		Long: `作废已记录的一轮：新增一条日志，这一轮本身不会被修改。
已登记过送达的一轮会先询问（不在终端上运行时须加 --yes），
并说明作废会撤销多少条送达登记。`,
		Flags: map[string]string{
			"why": "`原因`（必填）",
			"yes": "作废已有送达登记的一轮时不再询问",
		},
	},
	"rules": {
		Short: "vol alloc 使用的分配规则",
	},
	"rules add": {
		Short: "把一套规则存入台账（同名的会被替换）",
	},
	"rules list": {
		Short: "列出全部规则：内置的 old-way 和已存入台账的",
	},
	"rules show": {
		Short: "按规则文件格式打印一套规则",
	},

	// Sheets in and out
	"import": {
		Short: "导入名册表格（CSV 或 XLSX，每行一人）",
		Long: `导入居委会已有的名册：CSV（UTF-8、GB18030/GBK 或 UTF-16）或 XLSX，每行
一人；表头用简体、繁体或英文均可，顺序不限（楼号/单元/室号或一个“地址”列、
姓名、性别、出生年月或身份证号（只保留出生年月）、联系电话、在住、身份、
志愿者、技能、需求、紧急联系人、备注）。只有地址的一行登记一户无人的住户。

要么全部导入，要么都不导入：有一行出错就整批不导入，并列出所有出错的行；
加 --skip-bad 则导入正确的行，出错的行连同原因写入 FILE.rejects.csv。
按住户、姓名和出生年月匹配人员；在 vol 中手动改过的值不会被之后的表格覆盖
（会报告冲突；--prefer-import 以表格为准）。表格中缺少的人只报告，不删除。
同一个文件导入两次不会有变化。`,
		Flags: map[string]string{
			"dry-run":          "显示会新增、修改和保持不变的内容，不写入",
			"encoding":         "CSV `编码`：utf-8、gb18030（gbk）、utf-16（默认自动识别）",
			"include-erased":   "也导入已删除、留有删除标记的人（默认跳过）",
			"max-size":         "能读取的最大文件，单位 MB，XLSX 解压后可达其 4 倍",
			"new":              "把暂缓导入的`行`（行号，或 all 表示全部）作为新的人",
			"prefer-import":    "让表格中的值替换在 vol 中手动改过的值",
			"same-as":          "暂缓导入的`行`（行号，或 all 表示全部）就是它所对应的那个人，只是姓名或出生年月有更正",
			"sheet":            "要读取的 XLSX `工作表`（默认为第一张有姓名列的表）",
			"skip-bad":         "导入正确的行；出错的行写入 FILE.rejects.csv",
			"unknown-as-notes": "vol 不认识的列记入备注",
		},
	},
	"export": {
		Short: "把台账导出为 Excel 或 WPS 能打开的表格（电话打码，--full 显示完整）",
		Long: `为习惯用 Excel 或 WPS 的人导出台账：一个 XLSX 工作簿，每张表一页（住户、
人员、老人、志愿者、各轮分配及其明细、值班表及是否已值、志愿时长）；或用
--format csv 导出为一个文件夹的 UTF-8 CSV 文件（-o 指定文件夹；加 --table
则只导出一个文件）。

默认保护隐私：电话打码（138****1234），出生日期只留年份，紧急联系人和备注
不导出；--full 全部导出（vol 会提示）。文件权限 0600，先写到临时文件名下，
崩溃也不会留下半个文件。单元格不会以公式开头。人员表可以再用 vol import
导回（加 --full 导出则所有值都保留）。`,
		Flags: map[string]string{
			"format": "文件`格式`：xlsx|csv",
			"full":   "完整导出电话、出生年月、紧急联系人和备注",
			"output": "要写入的 XLSX `文件`，或 CSV 的文件夹（默认 vol-export-日期.xlsx 或 vol-export-日期/；加 --table 时为 表名-日期.xlsx 或 .csv）；以 .csv 或 .xlsx 结尾的文件名决定格式",
			"table":  "只导出这张`表`：households|people|elders|volunteers|rounds|round_lines|rota|hours",
		},
	},

	// The journal and the file
	"log": {
		Short: "查看日志，新的在前（个人信息打码，--full 显示完整）",
		Flags: map[string]string{
			"full":  "完整显示个人信息，不打码",
			"json":  "输出 JSON",
			"limit": "显示多少条，0 为全部",
		},
	},
	"check": {
		Short: "校验台账：哈希链、个人信息、日志重放、SQLite 完整性",
		Long: `校验台账：SQLite 自身的完整性检查、每台设备的哈希链、每个存储的个人信息
与其日志条目记录的带密钥哈希是否一致，以及名册各表是否与重放全部日志的结果
一致。一切正常时不输出任何内容，退出码为 0；否则列出不一致之处，退出码为 3。`,
	},
	"undo": {
		Short: "撤销最近一次修改（或指定的条目），撤销本身记为一条新日志",
	},
	"find": {
		Use:   "find TEXT [--full] [--json]",
		Short: "按姓名、电话、地址或备注中的一段查找人员",
		Long: `查找姓名、电话、地址或备注中含有 TEXT 的人，按地址顺序列出，并注明匹配到
哪一项。姓名和备注比较时忽略全角/半角、繁简体、大小写和空格（杨 能找到 楊 和
杨强平）。电话按数字匹配，3 位以上，任意位置均可（5678 能找到 139****5678）。
地址可用 vol household add 接受的任何写法（列出该户的人）、楼号（3号楼、A座），
或地址中的一段（501室、一期）。姓名和电话默认打码，加 --full 完整显示。`,
		Flags: map[string]string{
			"full": "完整显示姓名和电话，不打码",
			"json": "输出 JSON",
		},
	},
	"erase": {
		Short: "永久删除一个人的个人信息（哈希链仍可校验）",
		Long: `删除一个人的个人信息：名册中的这一行，以及台账中任何地方保存的此人姓名、
出生年月、电话、需求、紧急联系人和备注，还有其带密钥哈希所用的密钥。日志会记下
做过一次删除、谁要求的、何时、为什么，但不记删除了什么，每条哈希链仍可校验。
随后 vol 把 WAL 写回台账并重建文件，这些值在文件中再也找不到。删除不能撤销。

删除会留下一个删除标记：户、姓名和出生年月的带密钥哈希，这样下一份仍列有
此人的官方名册不会在无人察觉时把他再加回来（vol import 会说明跳过了此人；
--include-erased 则加回）。拿到台账的人可以用它验证自己的猜测；
--no-tombstone 则不留标记。`,
		Flags: map[string]string{
			"no-tombstone": "不留删除标记（之后的名册若列有此人会再加回来）",
			"why":          "`原因`（必填；保存在台账中）",
			"yes":          "不再询问，直接确认",
		},
	},
	"compact": {
		Short: "重建台账文件，让已删除或清除的值彻底离开文件",
		Long: `把 WAL 写回台账并重建文件（VACUUM，开启 secure_delete），之前删除或清除的
值不再留在文件的空闲空间里。vol erase 和 vol med purge 会自动这样做；
如果它们提示当时另一个 vol 正打开着台账，再运行本命令。`,
	},
	"backup": {
		Short: "为台账做一份一致、经过校验的副本（可加密）",
		Long: `在台账使用中也能做一份一致的副本：vol 先复制到 FILE 旁边的私有临时文件，
完整校验后再改名，所以 FILE 要么不存在，要么是一本完整的台账。默认 FILE 放在
台账旁边的 backups/ 中，以时间命名。--encrypt 用口令加密（age，scrypt），口令
来自 --passphrase-file 或 $VOL_PASSPHRASE，这样可以用 U 盘或聊天工具传递。
--list 列出本台账做过的备份。FILE 不能是台账本身、它的附属文件或以前的备份。`,
		Flags: map[string]string{
			"encrypt":         "用口令加密",
			"list":            "列出本台账做过的备份",
			"passphrase-file": "从这个`文件`读取口令",
		},
	},
	"restore": {
		Short: "用一份校验过的备份替换台账（被替换的台账会保留）",
		Long: `完整校验备份后，用它替换台账。被替换的台账保留在旁边
（ledger.db.replaced-时间）。恢复的台账下次写入时会换用新的设备编号，
两份副本不会重复使用序号；被替换的台账在备份之后记录的每一次删除都会
重新执行：恢复永远不会把已删除的数据带回来。`,
		Flags: map[string]string{
			"passphrase-file": "从这个`文件`读取口令",
			"yes":             "不再询问，直接确认",
		},
	},

	// Sync
	"sync": {
		Short: "通过传递文件让各份台账保持一致（无需服务器）",
	},
	"sync export": {
		Short: "把另一份副本还没有的日志条目写入文件",
		Long: `写一个同步文件：本台账的另一份副本还没有的日志条目（不加 --for 则为全部），
每条都由写下它的那份副本的密钥签名，附上条目涉及的个人信息和各设备的公钥，
经过压缩并带校验。用 U 盘或聊天工具交给对方；对方运行 vol sync import FILE。
PEER 是 vol sync peers 中的设备编号（或编号中唯一的一段）。已删除的人的信息
不会写入文件，私钥也不会。--encrypt 用口令加密，口令来自 --passphrase-file
或 $VOL_PASSPHRASE（与 vol backup 相同）。默认 FILE 为当前文件夹中的
vol-sync-设备-时间.volsync。`,
		Flags: map[string]string{
			"encrypt":         "用口令加密",
			"for":             "只写这台`设备`（见 vol sync peers）还没有的内容",
			"json":            "以 JSON 输出结果",
			"output":          "要写入的`文件`",
			"passphrase-file": "从这个`文件`读取口令",
		},
	},
	"sync import": {
		Short: "把同步文件中本副本还没有的条目加进来",
		Long: `检查同步文件，把本副本还没有的日志条目加进来；名册变成按同一顺序重放两边
日志的结果，每份副本上都一样。每条都必须由本副本信任的设备的密钥签名，并通过
与命令自身输入相同的检查；有伪造或损坏条目的文件整个拒收。尚未信任的设备的
条目随文件暂存，导入时会显示该设备的指纹，请先与那台电脑上 vol sync whoami
显示的核对，再运行 vol sync trust。同一文件导入两次、或在新文件之后导入旧文件，
都不会有变化。两份副本改了同一处时，两边都保留，并列在 vol conflicts 中。
前面的条目还没到的文件会暂存，等它们到了再应用，绝不会只应用一半
（vol sync pending 列出暂存的文件）。其他台账的文件会被拒收；--adopt 让一本
除了 vol init 之外什么都没有的台账成为该文件所属台账的副本，并信任文件中的
设备（第二台电脑就是这样加入的）。--dry-run 说明会有哪些变化（条目、每一次
删除、冲突、各表的变化），但不做任何修改。`,
		Flags: map[string]string{
			"adopt":           "让这本新台账成为该文件所属台账的副本",
			"dry-run":         "说明会有哪些变化，不做任何修改",
			"json":            "以 JSON 输出结果",
			"max-entries":     "一个文件最多接受多少条日志",
			"max-pending":     "所有等待中的文件合计最多保留多少 MB",
			"max-size":        "接受的文件最大多少 MB，按解压后的 JSON 计",
			"passphrase-file": "从这个`文件`读取口令",
		},
	},
	"sync peers": {
		Short: "显示本副本知道的其他副本，以及各自已收到了什么",
		Flags: map[string]string{"json": "以 JSON 输出"},
	},
	"sync pending": {
		Short: "列出暂存、等待应用的同步文件，或删除它们",
		Long: `列出暂存、等待应用的同步文件，以及各自在等什么：前面的条目还没到、某台设备
尚未信任（附其指纹）、条目的时间比本机时钟还晚，或者完整读取后发现是伪造的。
--drop ID（取自列表）删除一个，--all 全部删除；日志不会有任何变化，
删除的文件以后还可以再导入。`,
		Flags: map[string]string{
			"all":  "不加 --drop 时：删除全部暂存的文件",
			"drop": "删除这个`编号`的文件",
			"json": "以 JSON 输出",
		},
	},
	"sync revoke": {
		Short: "从此拒收一台丢失或被盗电脑的条目，所有副本都生效（记入日志）",
		Long: `撤销一台设备（丢失或被盗的电脑）：本副本已有的该设备最大序号之后的条目，
在这里以及下一个同步文件送达的每份副本上都会被拒收；由它的文件复制出的副本
（它交接过的设备）也一样。它之前写的条目保留。DEVICE 是 vol sync peers 中的
设备编号，或编号中唯一的一段。撤销不能恢复：那台电脑的负责人要新建一份副本
（vol init 再 vol sync import --adopt），新副本重新获得信任。执行前会询问；
不在终端上运行时须加 --yes。`,
		Flags: map[string]string{"yes": "不再询问，直接确认"},
	},
	"sync trust": {
		Short: "核对指纹后，信任另一份副本的设备（记入日志）",
		Long: `与那台电脑上 vol sync whoami 显示的指纹核对无误后，信任密钥为此指纹的设备。
密钥须已随同步文件到达（vol sync import 会显示每台尚未信任的设备的指纹，
并暂存其条目）。这一决定记入日志，随下一个同步文件传出：信任本副本的副本
也会信任这台设备。等待它的文件会立即应用。已撤销的设备不能再被信任：
那台电脑要新建一份副本。`,
	},
	"sync whoami": {
		Short: "显示本副本的设备和密钥指纹（用来念给其他人核对）",
		Long: `显示本副本的设备编号和密钥指纹：20 位数字，每 4 位一组。另一台电脑为本副本
运行 vol sync trust FINGERPRINT 之前，把这些数字念给那边的负责人（打电话或
当面），让对方与其 vol sync import 显示的指纹核对。复制或恢复来的台账如果
还没写入过，会在这里换用新的设备和密钥。`,
		Flags: map[string]string{"json": "以 JSON 输出"},
	},
	"conflicts": {
		Short: "列出各份台账之间的分歧",
		Long: `列出导入同步文件时发现的各份台账之间的分歧：两份副本改了同一字段（按重放
顺序保留后改的）、两份副本登记了同一户或同一个人（保留先登记的，另一个成为
它的别名）、同一次配送记了两轮、一位老人结对了两次、一份副本删除的记录
另一份仍在使用。每一处都一直列着，直到用 vol resolve 处理。个人信息打码，
--full 显示完整。--all 也列出已处理的。`,
		Flags: map[string]string{
			"all":  "也列出已处理的冲突",
			"full": "完整显示个人信息，不打码",
			"json": "以 JSON 输出",
		},
	},
	"resolve": {
		Short: "处理 vol conflicts 列出的一处冲突（记入日志）",
		Long: `处理 vol conflicts 列出的一处冲突；这个选择像其他修改一样记入日志，
随下一个同步文件传到其他副本。
  同一字段     --keep kept 保留台账现有的值，--keep other 写回另一份的值
  两轮分配     --keep both 都保留，--keep kept 作废另一轮，
               --keep other 作废保留的那一轮
  重复结对     --keep kept 结束另一个结对，--keep other 结束保留的那个
  重复住户、重复人员   --keep merged（别名保留；表示已知悉）
  删除未生效、未应用   --keep seen（表示已知悉）`,
		Flags: map[string]string{
			"keep": "处理`方式`：kept|other|both|merged|seen",
			"why":  "作废一轮或结束结对时记录的`原因`",
		},
	},

	// Settings
	"config": {
		Short: "你自己的设置（vol 使用的语言），按用户保存",
	},
	"config set": {
		Short: "保存你的一项设置（vol config set lang zh|en）：只对本用户有效，不存入台账",
	},
	"config show": {
		Short: "显示你的设置及其所在的文件",
	},

	// cobra's shell completion
	"completion": {
		Short: "生成命令自动补全脚本（bash、zsh、fish、PowerShell）",
		Long: `为 vol 生成指定终端的自动补全脚本。
生成的脚本怎么用，请看各子命令的帮助。`,
	},
	"completion bash": {
		Short: "生成 bash 的自动补全脚本",
		Long: `生成 bash 的自动补全脚本。

此脚本依赖 bash-completion 软件包，
如果还没有安装，可以用系统的软件包管理器安装。

在当前终端会话中加载补全：

	source <(vol completion bash)

要让以后每个新会话都加载补全，执行一次：

#### Linux：

	vol completion bash > /etc/bash_completion.d/vol

#### macOS：

	vol completion bash > $(brew --prefix)/etc/bash_completion.d/vol

设置要在新打开的终端中才会生效。
`,
		Flags: map[string]string{"no-descriptions": "补全时不显示说明"},
	},
	"completion zsh": {
		Short: "生成 zsh 的自动补全脚本",
		Long: `生成 zsh 的自动补全脚本。

如果你的环境还没有启用命令补全，需要先启用，执行一次：

	echo "autoload -U compinit; compinit" >> ~/.zshrc

在当前终端会话中加载补全：

	source <(vol completion zsh)

要让以后每个新会话都加载补全，执行一次：

#### Linux：

	vol completion zsh > "${fpath[1]}/_vol"

#### macOS：

	vol completion zsh > $(brew --prefix)/share/zsh/site-functions/_vol

设置要在新打开的终端中才会生效。
`,
		Flags: map[string]string{"no-descriptions": "补全时不显示说明"},
	},
	"completion fish": {
		Short: "生成 fish 的自动补全脚本",
		Long: `生成 fish 的自动补全脚本。

在当前终端会话中加载补全：

	vol completion fish | source

要让以后每个新会话都加载补全，执行一次：

	vol completion fish > ~/.config/fish/completions/vol.fish

设置要在新打开的终端中才会生效。
`,
		Flags: map[string]string{"no-descriptions": "补全时不显示说明"},
	},
	"completion powershell": {
		Short: "生成 PowerShell 的自动补全脚本",
		Long: `生成 PowerShell 的自动补全脚本。

在当前 PowerShell 会话中加载补全：

	vol completion powershell | Out-String | Invoke-Expression

要让以后每个新会话都加载补全，把上面这条命令的输出
加到 PowerShell 配置文件（$PROFILE）中。
`,
		Flags: map[string]string{"no-descriptions": "补全时不显示说明"},
	},
}
