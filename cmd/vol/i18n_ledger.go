package main

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"syscall"

	"vol/ledger"
)

// What ledger, ledger/sheet and allocate say reaches people through say:
// those packages write their messages in English as a format with its
// arguments (ledger.Text, ledger.Errorf, allocate's own), the gettext
// way, with the English format as the message's ID. say looks the format
// up in ledgerZh, formats the translation with the arguments, each
// argument that is itself a message (an error, a Text, a field's key)
// rendered the same way, and renders the errors of Go's own packages (a
// file not found, a number that does not read) in words, so no program
// internals reach the user.

// message is what the three packages' messages and errors have in common.
type message interface {
	Message() (format string, args []any)
}

// say renders what the ledger says (an error, a message, a field's key or
// a plain value) in the app's language.
func (a *App) say(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case *ledger.FieldError:
		return a.sayField(x)
	case message:
		f, args := x.Message()
		return a.sayf(f, args)
	case ledger.FieldKey:
		return a.fieldWord(string(x))
	case error:
		return a.sayErr(x)
	}
	return fmt.Sprint(v)
}

// sayOr renders t, or s, a text the ledger kept as it was written (in
// English, by an older vol), when t is empty.
func (a *App) sayOr(t ledger.Text, s string) string {
	if t.IsZero() {
		return s
	}
	return a.say(t)
}

// sayf formats a message of the ledger: its format translated, its
// arguments rendered by say, %w taken as %v.
func (a *App) sayf(format string, args []any) string {
	f := format
	if a.lang() == "zh" {
		if z, ok := ledgerZh[format]; ok {
			f = z
		}
	}
	out := make([]any, len(args))
	for i, x := range args {
		switch x.(type) {
		case error, message, ledger.FieldKey:
			out[i] = a.say(x)
		default:
			out[i] = x
		}
	}
	return fmt.Sprintf(strings.ReplaceAll(f, "%w", "%v"), out...)
}

// sayField renders a FieldError: field (value): what is wrong; accepted: …
func (a *App) sayField(e *ledger.FieldError) string {
	field := a.fieldWord(e.Field)
	value := e.Value
	if value == "" && !e.ValueText.IsZero() {
		value = a.say(e.ValueText)
	}
	s := a.T("field.novalue", field, a.say(e.Err))
	if value != "" {
		s = a.T("field.value", field, value, a.say(e.Err))
	}
	accepted := e.Accepted
	if accepted == "" && !e.Want.IsZero() {
		accepted = a.say(e.Want)
	}
	if accepted != "" {
		s = a.T("field.accepted", s, accepted)
	}
	return s
}

// fieldWord is a field's name in the app's language: flags (--keep) and
// placeholders (FILE) stay as typed.
func (a *App) fieldWord(key string) string {
	if a.lang() == "zh" {
		if w, ok := fieldZh[key]; ok {
			return w
		}
	}
	return key
}

// sayErr renders an error that carries no message of ours: Go's own
// errors in words, and an error that wraps others (a command's
// fmt.Errorf("…: %w")) with what it wraps rendered in place.
func (a *App) sayErr(err error) string {
	switch e := err.(type) {
	case *saidError: // worded for people already
		return e.msg
	case *fs.PathError:
		return a.sayPath(e.Path, e.Err)
	case *strconv.NumError:
		return a.T("goerr.number", e.Num)
	case *json.SyntaxError:
		return a.T("goerr.json", e.Offset)
	case *json.UnmarshalTypeError:
		return a.T("goerr.json.shape")
	}
	for target, key := range goErrWords {
		if err == target {
			return a.T(key)
		}
	}
	var inner []error
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		inner = []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		inner = u.Unwrap()
	}
	return a.sayWrapped(err.Error(), inner)
}

// sayWrapped renders msg, the text of an error wrapping inner, with the
// text of each wrapped error replaced by its rendering.
func (a *App) sayWrapped(msg string, inner []error) string {
	if len(inner) == 1 && inner[0] != nil {
		t := inner[0].Error()
		if i := strings.LastIndex(msg, t); i >= 0 && t != "" {
			return msg[:i] + a.say(inner[0]) + msg[i+len(t):]
		}
		return msg
	}
	var b strings.Builder
	rest := msg
	for _, e := range inner {
		if e == nil {
			continue
		}
		t := e.Error()
		if i := strings.Index(rest, t); i >= 0 && t != "" {
			b.WriteString(rest[:i])
			b.WriteString(a.say(e))
			rest = rest[i+len(t):]
		}
	}
	b.WriteString(rest)
	return b.String()
}

// sayPath renders an error of the file system about path.
func (a *App) sayPath(path string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return a.T("goerr.notexist", path)
	case errors.Is(err, fs.ErrPermission):
		return a.T("goerr.permission", path)
	case errors.Is(err, syscall.EISDIR):
		return a.T("goerr.isdir", path)
	case errors.Is(err, syscall.ENOTDIR):
		return a.T("goerr.notdir", path)
	case errors.Is(err, syscall.ENOSPC):
		return a.T("goerr.nospace", path)
	}
	return a.T("goerr.file", path, err)
}

// goErrWords are Go's sentinel errors as words.
var goErrWords = map[error]string{
	fs.ErrNotExist:        "goerr.notexist.nopath",
	fs.ErrPermission:      "goerr.permission.nopath",
	io.ErrUnexpectedEOF:   "goerr.eof",
	io.EOF:                "goerr.eof",
	csv.ErrBareQuote:      "goerr.csv.barequote",
	csv.ErrQuote:          "goerr.csv.quote",
	csv.ErrFieldCount:     "goerr.csv.fieldcount",
	zip.ErrFormat:         "goerr.zip",
	zip.ErrChecksum:       "goerr.zip",
	zip.ErrAlgorithm:      "goerr.zip",
	strconv.ErrSyntax:     "goerr.syntax",
	strconv.ErrRange:      "goerr.range",
	errors.ErrUnsupported: "goerr.unsupported",
}

func init() {
	addWords(catalogue{
		"field.value":             {"%s (%s): %s", "%s（%s）：%s"},
		"field.novalue":           {"%s: %s", "%s：%s"},
		"field.accepted":          {"%s; accepted: %s", "%s；可接受：%s"},
		"goerr.notexist":          {"no such file: %s", "找不到文件 %s"},
		"goerr.notexist.nopath":   {"no such file", "找不到文件"},
		"goerr.permission":        {"no permission to read or write %s", "没有权限读写 %s"},
		"goerr.permission.nopath": {"no permission", "没有权限"},
		"goerr.isdir":             {"%s is a folder, not a file", "%s 是文件夹，不是文件"},
		"goerr.notdir":            {"%s: a part of the path is not a folder", "%s：路径中有一段不是文件夹"},
		"goerr.nospace":           {"the disk is full (%s)", "磁盘已满（%s）"},
		"goerr.file":              {"%s: %v", "读写文件 %s 出错：%v"},
		"goerr.number":            {"%q is not a number", "%q 不是数字"},
		"goerr.json":              {"not valid JSON (at byte %d)", "不是有效的 JSON（第 %d 字节处）"},
		"goerr.json.shape":        {"JSON of the wrong shape", "JSON 结构不对"},
		"goerr.eof":               {"the data ends too soon", "数据不完整"},
		"goerr.csv.barequote":     {"a quote in a field that is not in quotes", "没有加引号的字段里出现了引号"},
		"goerr.csv.quote":         {"a quote out of place in a quoted field", "加了引号的字段里引号位置不对"},
		"goerr.csv.fieldcount":    {"wrong number of fields", "字段数不对"},
		"goerr.zip":               {"not a readable zip file", "不是可读的 zip 文件"},
		"goerr.syntax":            {"not a number", "不是数字"},
		"goerr.range":             {"a number out of range", "数字超出范围"},
		"goerr.unsupported":       {"not supported here", "此处不支持"},
	})
}

// fieldZh names the fields of the ledger's (and the commands') errors in
// Chinese; flags and placeholders are not in it: they stay as typed.
var fieldZh = map[string]string{
	"address":            "地址",
	"building":           "楼栋",
	"post":               "岗位",
	"age":                "年龄",
	"birth":              "出生年月",
	"birth month":        "出生月份",
	"buy item":           "团购商品",
	"card":               "医保卡",
	"card-overdue-hours": "医保卡超时小时数",
	"command":            "命令",
	"compound":           "小区名",
	"conflict":           "冲突",
	"date":               "日期",
	"days":               "天数",
	"figure":             "数字",
	"street":             "街道",
	"body":               "上传内容",
	"drug":               "药品",
	"elder":              "长者户",
	"elder-age":          "老人年龄",
	"night-age":          "不排夜班年龄",
	"emergency":          "紧急联系人",
	"entry":              "日志条目",
	"hospital":           "医院",
	"household":          "户",
	"item":               "配药项",
	"lang":               "语言",
	"name":               "姓名",
	"needs":              "需求",
	"note":               "备注",
	"notes":              "备注",
	"pairing":            "结对",
	"patient":            "患者",
	"person":             "人员",
	"phone":              "电话",
	"present":            "在住",
	"qty":                "数量",
	"recipient":          "领取人",
	"rejects file":       "问题行文件",
	"request":            "配药登记",
	"role":               "身份",
	"round":              "分配轮次",
	"row":                "行",
	"run":                "配药批次",
	"setting":            "设置项",
	"sex":                "性别",
	"skills":             "技能",
	"timezone":           "时区",
	"volunteer":          "志愿者",
	"who":                "操作人",
	"why":                "原因",
}

// ledgerZh translates the messages of ledger, ledger/sheet and allocate:
// English format (the message ID, as written in the code) to Chinese.
// TestLedgerCatalogue checks it against the code.
var ledgerZh = map[string]string{
	// vol hub revoke
	"signed by a key the hub revoked (vol hub trust on a report of it trusts it again)": "签名的密钥已被汇总撤销（对它签的报表运行 vol hub trust 可重新信任）",
	"no key with this fingerprint is trusted or waiting here":                           "这里没有这个指纹的受信任或待登记的密钥",
	"the 20 digits vol hub trust showed, such as 1234 5678 9012 3456 7890":              "vol hub trust 显示的 20 位数字，如 1234 5678 9012 3456 7890",
	// the hub's page (vol hub serve)
	"a whole number of days from 1 to 92": "1 到 92 之间的整数天数",
	// vol report and the hub (issue 21)
	"this copy's key changed while the report was made: %w":   "制作报表期间本副本的密钥变了：%w",
	"not a whole vol report":                                  "不是完整的 vol 报表",
	"signature does not match the report (changed or forged)": "签名与报表内容不符（被改过或伪造）",
	"compound not trusted here":                               "本处未信任这个小区",
	"signed by a key not trusted for this compound":           "签名的密钥不是本处为这个小区信任的密钥",
	"more than %d KiB":                                        "超过 %d KiB",
	"a report of at most %d KiB":                              "不超过 %d KiB 的报表",
	"%d bytes: %w":                                            "%d 字节：%w",
	"format %q: %w":                                           "格式 %q：%w",
	"no hub store here (vol hub init makes one)":              "这里没有汇总库（用 vol hub init 新建）",
	"not a vol hub store":                                     "不是 vol 的汇总库",
	"hub store made by a newer vol: upgrade vol":              "汇总库由更新版本的 vol 建立：请升级 vol",
	"a hub store is already there":                            "这里已经有汇总库",
	"the hub's PostgreSQL URL: %w":                            "汇总库的 PostgreSQL 网址：%w",
	"the hub store: %w":                                       "汇总库：%w",
	"no --street: the report names its street (%s), and the compound's settings win":                                   "不要给 --street：报表里写了街道（%s），以小区的设置为准",
	"the 20 digits vol sync whoami shows on the compound's laptop, such as 1234 5678 9012 3456 7890, or a report file": "小区电脑上 vol sync whoami 显示的 20 位数字，如 1234 5678 9012 3456 7890，或一个报表文件",
	"one of %s":                                "以下之一：%s",
	"a day, YYYY-MM-DD":                        "日期，格式 YYYY-MM-DD",
	"a note of at most %d characters":          "不超过 %d 个字的说明",
	"a contact line of at most 200 characters": "不超过 200 个字的联系方式",
	"bulletin notes":                           "通报说明",
	"the journal's first time %q: %w":          "日志最早一条记录的时间 %q 无法读取：%w",
	// cmd/internal/poster: the bulletin as a picture and a page
	"not a font file vol can read":                                           "不是 vol 能读取的字体文件",
	"the font has no Chinese characters":                                     "该字体没有中文字符",
	"larger than %d MB, more than vol reads of a font":                       "超过 %d MB，vol 不读取这么大的字体文件",
	"no font with Chinese characters found":                                  "找不到含中文字符的字体",
	"a .ttf, .otf or .ttc font file with Chinese characters (at most %d MB)": "含中文字符的 .ttf、.otf 或 .ttc 字体文件（至多 %d MB）",
	"%w in %s; install one (on Linux the package fonts-noto-cjk or fonts-wqy-microhei) or name a font file with --font FILE": "%w（查找了 %s）；请安装一种中文字体（Linux 上可装 fonts-noto-cjk 或 fonts-wqy-microhei 软件包），或用 --font FILE 指定字体文件",
	"the bulletin's text is too long (%d characters, at most %d)":                                                            "通报文字太长（%d 个字，至多 %d 个）",
	"the chart has %d days, at most %d":                                                                                      "图表有 %d 天，至多 %d 天",
	"the chart has %d series, at most %d":                                                                                    "图表有 %d 项数据，至多 %d 项",
	"the chart's series %q has %d values for %d days":                                                                        "图表的数据 %q 有 %d 个值，但有 %d 天",
	"the chart's series %q has a value out of range (%g, at most %g)":                                                        "图表的数据 %q 有超出范围的值（%g，至多 %g）",
	"the font file the picture is drawn with":                                                                                "绘图所用的字体文件",
	"a new file for the picture":                                                                                             "用于保存图片的新文件",
	"a file in an existing folder":                                                                                           "已有文件夹中的文件",
	"the folder %s does not exist":                                                                                           "文件夹 %s 不存在",
	"not a file (a folder or a device)":                                                                                      "不是文件（是文件夹或设备）",
	// ledger/jielong: the 接龙 of a group buy
	"%d aliases":                       "%d 个别名",
	"%d items":                         "%d 种商品",
	"%d lines":                         "%d 行",
	"%s characters, more than %d":      "%s 个字，超过 %d 个",
	"%s is not a registered household": "%s 不是在册住户",
	"%s is not an address; want forms like 3-501, 3-2-501, 5号楼1203": "%s 不是地址；应写成 3-501、3-2-501、5号楼1203 这样",
	"%s is not one of the buy's items or their aliases":             "%s 不是本次团购的商品，也不是商品的别名",
	"UTF-8 text, as copied from WeChat":                             "UTF-8 文本（从微信复制的即是）",
	"a name or alias of one item only (%s has it too)":              "只属于一种商品的名称或别名（%s 也用了它）",
	"a name such as 鸡蛋":                                             "商品名称，如 鸡蛋",
	"a number with nothing after it":                                "只有序号，没有内容",
	"an example line (例), not an order":                             "这是示例行（例），不是订单",
	"at most %d aliases":                                            "最多 %d 个别名",
	"at most %d items":                                              "最多 %d 种商品",
	"at most %d lines":                                              "最多 %d 行",
	"holds the control or direction character %s":                   "含有控制字符或方向控制字符 %s",
	"more than %d MB":                                               "超过 %d MB",
	"neither a numbered line of the 接龙 nor an order":                "既不是接龙的编号行，也不是订单",
	"no address (such as 3-501 or 3号楼2单元501室)":                      "没有地址（如 3-501 或 3号楼2单元501室）",
	"no quantity for %s; write 鸡蛋2, 鸡蛋 x2 or 鸡蛋两盒":                  "%s 没有数量；请写成 鸡蛋2、鸡蛋 x2 或 鸡蛋两盒",
	"none of the buy's items on the line":                           "这一行没有本次团购的商品",
	"quantity %s belongs to no item":                                "数量 %s 不属于任何商品",
	"%s written twice, in different units":                          "%s 写了两次，单位不同",
	"quantity %s: want a whole number from 1 to %d":                 "数量 %s：应为 1 到 %d 的整数",

	"already closed": "已结束",
	"a unit such as 3号楼2单元 or 3-2, or a building without units such as 3号楼": "单元，如 3号楼2单元 或 3-2；没有单元的楼写楼号，如 3号楼",

	"the rota recorded for %s uses this shift: plan those days again after the change, or keep the name": "%s 已记录的值班表用着这个班次：改完后重新排那几天，或保留这个名称",
	"1 to %d":                     "1 到 %d",
	"a fee from ¥0.01 to ¥100000": "¥0.01 到 ¥100000 的费用",
	"a group buy's ID or title (vol buy list)":        "团购的编号或团名（vol buy list）",
	"a name no other item of the buy has":             "本团其他商品没用过的名称",
	"a price from ¥0.01 to ¥100000":                   "¥0.01 到 ¥100000 的单价",
	"a title no other group buy has":                  "其他团购没用过的团名",
	"a title, such as 3号楼 鸡蛋大米团购":                     "团名，如 3号楼 鸡蛋大米团购",
	"a unit of at most 4 characters, such as 盒, 袋, 斤": "不超过 4 个字的单位，如 盒、袋、斤",
	"aliases":                         "别名",
	"an amount from ¥0 to ¥10000000":  "¥0 到 ¥10000000 的金额",
	"an amount from ¥0.01 to ¥100000": "¥0.01 到 ¥100000 的金额",
	"an amount in yuan with at most two decimals, such as 12.50": "以元计、最多两位小数的金额，如 12.50",
	"an item's name of at most 20 characters, such as 鸡蛋":        "不超过 20 个字的商品名，如 鸡蛋",
	"at most %d items in a buy":                                  "每个团购最多 %d 个商品",
	"closes":                                                     "截单",
	"created":                                                    "开团时间",
	"fees (fen)":                                                 "费用（分）",
	"fen":                                                        "金额（分）",
	"goods (fen)":                                                "货款（分）",
	"group buy":                                                  "团购",
	"group buys":                                                 "团购",
	"group-buy bills":                                            "团购账单",
	"group-buy deliveries":                                       "团购收货",
	"group-buy fees":                                             "团购费用",
	"group-buy invoices":                                         "团购发票",
	"group-buy items":                                            "团购商品",
	"group-buy lines not read":                                   "团购接龙未读入的行",
	"group-buy orders":                                           "团购订单",
	"group-buy payments":                                         "团购付款",
	"group-buy shortfalls":                                       "团购缺货",
	"lead":                                                       "团长",
	"one to a hundred names separated by commas, such as 大米,食用油,鸡蛋": "1 到 100 个名称，逗号分隔，如 大米,食用油,鸡蛋",
	"price (fen)":                     "单价（分）",
	"prices":                          "单价",
	"refund (fen)":                    "退款（分）",
	"split":                           "分摊方式",
	"supplier":                        "供货商",
	"text":                            "内容",
	"title":                           "团名",
	"total (fen)":                     "合计（分）",
	"what the fee is for, such as 运费": "费用用途，如 运费",
	"a reason: %s is not on the necessities list (vol compound set --necessities)": "理由：%s 不在必需品名单上（vol compound set --necessities）",
	"item %s: %w": "商品 %s：%w",
	"a testing round's ID or day (vol test rounds)":               "核酸轮次的编号或日期（vol test rounds）",
	"a testing round's ID (vol test rounds)":                      "核酸轮次的编号（vol test rounds）",
	"an open testing round":                                       "未结束的核酸轮次",
	"one to twenty needs separated by commas, such as 卧床,行动不便,轮椅": "1 到 20 项需求，逗号分隔，如 卧床,行动不便,轮椅",
	"testing rounds":      "核酸轮次",
	"testing calls":       "核酸下楼安排",
	"testing home visits": "核酸入户",
	"tested":              "已检测",
	"start":               "开始",
	"stations":            "采样台",
	"seconds a test":      "每人秒数",
	"longest queue":       "最长排队",
	"seconds a floor":     "每层秒数",
	"walks":               "步行时间",
	"finish":              "结束",
	"missing":             "未检测",
	"home visits":         "入户",
	"wave":                "波次",
	"called at":           "通知时间",
	"floors":              "楼层",
	"a day and shift with people on the recorded rota (vol rota plan --commit)":                               "已记录的值班表上有人的日期和班次（vol rota plan --commit）",
	"a volunteer on the rota for %s %s: record the change on the rota first (vol rota swap, vol rota absent)": "值班表上 %s %s 的志愿者；换了人值班，请先在值班表上改（vol rota swap、vol rota absent）",
	"a volunteer marked as having served %s %s (vol hours)":                                                   "已登记值完 %s %s 的志愿者（vol hours）",
	"a date, YYYY-MM-DD":                                                    "日期，格式 YYYY-MM-DD",
	"a shift that has begun (%s of %s begins at %s)":                        "已开始的班次（%[2]s %[1]s 于 %[3]s 开始）",
	"a change of %s (rows of that table are only ever added or taken back)": "修改%s（这张表的记录只会新增或撤销）",
	"%s row %s: an ID that is not its day, shift, post and person":          "%s %s：编号与其日期、班次、岗位和人员不符",
	"%s row %s: a shift of %d minutes (accepted: 60 to 1440)":               "%s %s：班次长 %d 分钟（可接受 60 到 1440）",
	"not a shift's name":                                                    "不是班次名称",
	"shifts served":                                                         "值班登记",
	"minutes":                                                               "分钟数",
	"NAME=HH:MM-HH:MM separated by commas, such as 早=06:00-14:00,中=14:00-22:00,夜=22:00-06:00 (at most 6, not overlapping)": "名称=HH:MM-HH:MM，逗号分隔，如 早=06:00-14:00,中=14:00-22:00,夜=22:00-06:00（最多6个，不能重叠）",
	"the post %s uses this shift: change the post first (vol post rm, vol post add)":                                       "岗位%s用着这个班次：请先改岗位（vol post rm、vol post add）",
	"a volunteer's availability names this shift: change it first (vol avail)":                                             "有志愿者的空闲设置用着这个班次：请先改（vol avail）",
	"a date (2026-12-08) or a weekday (周一 … 周日), with :SHIFT (%s) for one shift":                                           "日期（2026-12-08）或星期（周一 … 周日），只指一个班次时加 :班次（%s）",
	"1 to 31 days": "1到31天",
	"few enough days that the posts make at most %d seats": "天数少一些，使各岗位合计不超过%d个班位",
	"rota":                                "值班表",
	"shift":                               "班次",
	"post":                                "岗位",
	"0 (no limit) to 21 shifts":           "0（不限）到 21 班",
	"availability":                        "值班限制",
	"times off":                           "不能值班的时间",
	"shifts a week":                       "每周班数上限",
	"no nights":                           "不值夜班",
	"a name no other post has":            "其他岗位没用过的名称",
	"a post's name or ID (vol post list)": "岗位名称或编号（见 vol post list）",
	"a post's name, such as 东门 or 巡逻一线": "岗位名称，如 东门、巡逻一线",
	"1 to 50 volunteers":                "1 到 50 名志愿者",
	"shifts of the day: %s":             "当天的班次：%s",
	"duty posts":                        "岗位",
	"volunteers needed":                 "所需人数",
	"skill":                             "技能",
	"shifts":                            "班次",
	// allocate
	"no volunteer for every elder":                                          "无法为每位长者都配上志愿者",
	"the pairing solver: %d rows but %d arc lists":                          "结对计算出错：%d 行，却有 %d 组候选",
	"the pairing solver: %d rows cannot all be matched to %d columns: %w":   "结对计算：%d 位长者无法全部配给 %d 位志愿者：%w",
	"the pairing solver: %d columns is too many":                            "结对计算：志愿者数 %d 过多",
	"the pairing solver: row %d has column %d, outside 0..%d":               "结对计算出错：第 %d 行的候选 %d 超出 0..%d",
	"the pairing solver: row %d column %d has cost %d beyond ±MaxSolveCost": "结对计算出错：第 %d 行候选 %d 的代价 %d 超出上限",
	"the pairing solver: more than %d arcs":                                 "结对计算：候选组合超过 %d 个",
	"the pairing solver: row %d: %w":                                        "结对计算：第 %d 位长者：%w",
	"bad rules":                                                             "分配规则有误",
	"rules line %d tier %q":                                                 "规则第 %d 行，档次 %q",
	"rules line %d":                                                         "规则第 %d 行",
	"%s: %s: %s":                                                            "%s：%s：%s",
	"%s: %s":                                                                "%s：%s",
	"rules tier %q":                                                         "规则档次 %q",
	"rules":                                                                 "分配规则",
	"one word without spaces, control characters or '#'":                    "一个词，不含空格、控制字符或 #",
	"a whole number from 1 to %d":                                           "1 到 %d 的整数",
	"missing name (accepted: %s)":                                           "缺少名称（可接受：%s）",
	"name %q is not valid UTF-8 (accepted: %s)":                             "名称 %q 不是有效的 UTF-8 文字（可接受：%s）",
	"bad name %q (accepted: %s)":                                            "名称 %q 不可用（可接受：%s）",
	"unknown role %q (accepted: %s)":                                        "不认识的身份 %q（可接受：%s）",
	"condition %q given twice (accepted: each condition once)":              "条件 %q 写了两次（每个条件只能写一次）",
	"unknown volunteer condition %q (accepted: volunteer, not-volunteer)":   "不认识的志愿者条件 %q（可接受：\"volunteer\"、\"not-volunteer\"）",
	"%q out of range (accepted: age>=N with N from 1 to %d)":                "%q 超出范围（可接受：age>=N，N 为 1 到 %d）",
	"%q out of range (accepted: age<N with N from 1 to %d)":                 "%q 超出范围（可接受：age<N，N 为 1 到 %d）",
	"%q out of range (accepted: size>=N with N from 1 to %d)":               "%q 超出范围（可接受：\"size>=N\"，N 为 1 到 %d）",
	"%q matches nobody (accepted: age>=N age<M with M above N)":             "%q 选不到任何人（可接受：age>=N age<M，且 M 大于 N）",
	"unknown key %q (accepted: %s)":                                         "不认识的排序键 %q（可接受：%s）",
	"key %q given twice (accepted: %s, each at most once)":                  "排序键 %q 写了两次（可接受：%s，每个最多一次）",
	"unknown policy %q (accepted: %s)":                                      "不认识的余量处理方式 %q（可接受：%s）",
	"no tiers (accepted: at least one \"tier NAME\" block)":                 "没有任何档次（至少要有一段 \"tier NAME\"）",
	"tier %d: %s": "第 %d 档：%s",
	"duplicate name %q (accepted: each tier name once)":                                "档次名 %q 重复（每个档次名只能用一次）",
	"unknown unit %q (accepted: %s)":                                                   "不认识的发放单位 %q（可接受：%s）",
	"%d out of range (accepted: %s)":                                                   "%d 超出范围（可接受：%s）",
	"missing in tier %q (accepted: %s)":                                                "档次 %q 缺少此项（可接受：%s）",
	"given twice (first at line %d)":                                                   "写了两次（第一次在第 %d 行）",
	"must come before the first tier (accepted: leftover reserve|cycle at the top)":    "必须写在第一个档次之前（在开头写 \"leftover reserve|cycle\"）",
	"duplicate name %q (first at line %d; accepted: each tier name once)":              "档次名 %q 重复（第一次在第 %d 行；每个档次名只能用一次）",
	"outside a tier (accepted: after a \"tier NAME\" line)":                            "不在任何档次里（应写在 \"tier NAME\" 一行之后）",
	"given twice in tier %q (first at line %d)":                                        "在档次 %q 里写了两次（第一次在第 %d 行）",
	"unknown keyword %q (accepted: %s)":                                                "不认识的关键字 %q（可接受：%s）",
	"missing value (accepted: %s)":                                                     "缺少取值（可接受：%s）",
	"expected one value, got %d: %q (accepted: %s)":                                    "应为一个取值，实际有 %d 个：%q（可接受：%s）",
	"bad number %q (accepted: %s)":                                                     "数字 %q 不对（可接受：%s）",
	"missing conditions (accepted: %s; leave out the select line to select everybody)": "缺少条件（可接受：%s；要选所有人就不写 \"select\" 这一行）",
	"bad number in %q (accepted: age>=N with N from 1 to %d)":                          "%q 里的数字不对（可接受：age>=N，N 为 1 到 %d）",
	"bad number in %q (accepted: age<N with N from 1 to %d)":                           "%q 里的数字不对（可接受：age<N，N 为 1 到 %d）",
	"bad number in %q (accepted: size>=N with N from 1 to %d)":                         "%q 里的数字不对（可接受：\"size>=N\"，N 为 1 到 %d）",
	"unknown condition %q (accepted: %s)":                                              "不认识的条件 %q（可接受：%s）",
	"volunteer and not-volunteer given together or twice (accepted: one of them)":      "\"volunteer\" 与 \"not-volunteer\" 同时出现或重复（只能写其中一个）",
	"missing keys (accepted: %s)":                                                      "缺少排序键（可接受：%s）",
	"received %d packs for %d present households":                                      "收到 %d 份，但在住户有 %d 户（每户至少一份）",

	// ledger: addresses
	"bad address":             "地址有误",
	"address %s: %s; want %s": "地址 %s：%s；应为%s",
	"forms like 3号楼2单元501室, 3-2-501, 3-501, 123弄5号501室":   "3号楼2单元501室、3-2-501、3-501、123弄5号501室 这样的写法",
	"parts like 一期 (or empty), 3号楼, 2单元 (or empty), 501室": "一期（可空）、3号楼、2单元（可空）、501室 这样的各栏",
	"empty":                "为空",
	"missing building":     "缺少楼号",
	"bad building":         "楼号不对",
	"bad unit":             "单元号不对",
	"missing room":         "缺少室号",
	"bad room":             "室号不对",
	"parts %q, %q, %q, %q": "各栏 %q、%q、%q、%q",
	"bad area":             "分区不对",
	"a building such as 3, 3号楼, 12甲 or A座": "楼号，如 3、3号楼、12甲 或 A座",

	// ledger: backups
	"backup: %w":                            "备份：%w",
	"backup copy: %w":                       "备份复制：%w",
	"backup copy failed its check (%s): %w": "备份副本未通过检查（%s）：%w",
	"wrong passphrase, or not a vol backup": "口令不对，或者不是 vol 的备份",
	"%s is encrypted: %w":                   "%s 已加密：%w",
	"%s failed its check: %s":               "%s 未通过检查：%s",
	"%s: medicine purge cutoff %q: %w":      "%s：配药记录清理的截止日期 %q：%w",

	// ledger: vol check
	"%s: expected %s, found %s":                                            "%s：应为 %s，实际为 %s",
	"SQLite: a damaged page stopped the check":                             "SQLite：遇到损坏的数据页，检查中断",
	"SQLite integrity: the check stopped at a page it cannot read":         "SQLite 完整性：检查在一个读不出的数据页处中断",
	"SQLite integrity: %s":                                                 "SQLite 完整性：%s",
	"entry %s: %v":                                                         "日志条目 %s：%v",
	"journal device %s: sequence":                                          "设备 %s 的日志：序号",
	"journal entry %s: link to previous entry":                             "日志条目 %s：与上一条的链接",
	"journal entry %s (%s): hash, the entry was altered":                   "日志条目 %s（%s）：哈希值不符，该条目被改动过",
	"journal entry %s: format %d is newer than this vol (%d): upgrade vol": "日志条目 %s：格式 %d 比本 vol 支持的（%d）新：请升级 vol",
	"journal: %v": "日志：%v",
	"journal entry %s (%s) of device %s: signature":            "设备 %[3]s 的日志条目 %[1]s（%[2]s）：签名",
	"signed by the device's key (or within a legacy decision)": "由该设备的密钥签名（或在旧版认可范围内）",
	"unsigned":                          "没有签名",
	"device %s: key":                    "设备 %s：密钥",
	"one key":                           "一个密钥",
	"two":                               "两个",
	"none":                              "没有",
	"its key among the trusted devices": "它的密钥在受信任设备中",
	"signed by the device's key":        "由该设备的密钥签名",
	"a signature that does not match":   "签名对不上",
	"(none)":                            "（无）",
	"personal value %s: no journal entry records it": "个人信息 %s：没有日志条目记录它",
	"personal value %s: its key is missing":          "个人信息 %s：缺少它的密钥",
	"the value its entry hashed":                     "日志条目哈希时的值",
	"a different value":                              "另一个值",
	"personal value %s of %s: changed outside vol":   "%[2]s 的个人信息 %[1]s：在 vol 之外被改动过",
	"%s row %s: its copy of the birth":               "%s %s：出生年月的副本",
	"the value its birth reference names":            "其出生年月引用所指的值",
	"journal replay failed: %v":                      "重放日志失败：%v",
	"the row (the journal made it)":                  "该行（日志建立了它）",
	"no row":                                         "没有该行",
	"%s row %s":                                      "%s %s",
	"no row (no journal entry made it)":              "没有该行（没有日志条目建立它）",
	"a row":                                          "有一行",
	"reference %s":                                   "引用 %s",
	"%s row %s: %s":                                  "%s %s：%s",

	// ledger: conflicts
	"field":                  "字段",
	"round":                  "分配轮次",
	"pairing":                "结对",
	"household":              "住户",
	"person":                 "人员",
	"removed and kept":       "删除未生效",
	"refused":                "未应用",
	"%s (for a %s conflict)": "%s（%s冲突）",
	"conflict %s names a table or column vol does not have": "冲突 %s 指向 vol 没有的表或栏目",
	"a conflict whose row is still in the ledger":           "所涉记录仍在台账中的冲突",
	"conflict %s: %w": "冲突 %s：%w",
	"a conflict ID, or a unique part of one, from vol conflicts": "vol conflicts 列出的冲突编号（或其中能唯一确定的一段）",
	"more characters of the ID":                                  "编号多写几位",
	"an open conflict (this one was resolved: %s)":               "未处理的冲突（这个已处理：%s）",

	// ledger: the file
	"finding the default ledger: %w":           "查找默认台账：%w",
	"%s is a folder: %w":                       "%s 是文件夹：%w",
	"schema version %d, this vol knows %d: %w": "数据结构版本 %d，本 vol 只认识到 %d：%w",
	"migration %s: %w":                         "升级台账结构 %s：%w",
	"%w (the disk is full)":                    "%w（磁盘已满）",
	"%w (SQLite I/O error %d)":                 "%w（SQLite 读写错误 %d）",
	"other rows refer to it: %w":               "还有其他记录引用它：%w",
	"the file lacks its %q record: %w":         "文件缺少 %q 记录：%w",
	"a reason (--why TEXT)":                    "原因（--why 文字）",
	"compacting the ledger: %w":                "整理台账文件：%w",
	"another vol has the ledger open, so the erased values stay in the file's unused space until it is rebuilt: close it and run vol compact": "另一个 vol 正打开着台账，已删除的内容会留在文件的空闲空间里，直到文件重建：请关掉它，再运行 vol compact",
	"the person's data was erased":               "此人的信息已删除",
	"not found":                                  "找不到",
	"already in the ledger":                      "台账中已有",
	"matches more than one":                      "对应不止一个",
	"invalid value":                              "无效",
	"still in use":                               "仍在使用",
	"no ledger file":                             "没有台账文件",
	"not a vol ledger":                           "不是 vol 台账文件",
	"ledger written by a newer vol: upgrade vol": "台账由更新版本的 vol 写入：请升级 vol",
	"file already exists":                        "文件已存在",
	"ledger busy, try again":                     "台账正忙，请稍后再试",
	"the ledger file is damaged (vol check shows what is wrong); vol will not write to it": "台账文件已损坏（vol check 可查看问题）；vol 不会再写入",
	"the ledger file is read-only; check its permissions":                                  "台账文件只读；请检查文件权限",
	"the disk refused to write the ledger (full or failing); nothing was changed":          "磁盘拒绝写入台账（已满或故障）；没有任何改动",
	"cannot be undone": "无法撤销",
	"a new file, not the ledger, its -wal or -shm file, a replaced copy or a backup": "新文件，不能是台账本身、它的 -wal 或 -shm 文件、被替换下的副本或备份",

	// ledger: journal and devices
	"no device key to sign entry %s: %w": "没有设备密钥，无法为日志条目 %s 签名：%w",
	"entry %s: %w":                       "日志条目 %s：%w",
	"entry %s: %s row %s: %v: %w":        "日志条目 %s：%s %s：%v：%w",
	"not signed by its device's key":     "不是由其设备的密钥签名的",
	"device not trusted here":            "本机不信任该设备",
	"device revoked":                     "该设备已被吊销",
	"this copy's device key: %w":         "本副本的设备密钥：%w",
	"the 20 digits vol sync whoami shows on the other laptop, such as 1234 5678 9012 3456 7890":                                             "对方电脑上 vol sync whoami 显示的 20 位数字，如 1234 5678 9012 3456 7890",
	"the fingerprint of a device whose sync file was imported here (vol sync import prints it; vol sync pending lists the files waiting)":   "已在本机导入过同步文件的设备指纹（vol sync import 会显示；vol sync pending 列出等待中的文件）",
	"one device's key (two devices here share it: compare device IDs with vol sync pending)":                                                "一台设备的密钥（这里有两台设备用同一个：请用 vol sync pending 对照设备编号）",
	"a device not revoked (device %s was: its laptop makes a new copy, whose key is trusted anew)":                                          "未被吊销的设备（设备 %s 已吊销：那台电脑需新建副本，再重新信任它的密钥）",
	"the key device %s is known by here (%s)":                                                                                               "本机所知设备 %s 的密钥（%s）",
	"a device ID (or a unique part of one) from vol sync peers, not this copy's own":                                                        "vol sync peers 列出的设备编号（或其中能唯一确定的一段），不能是本副本自己的",
	"more characters of the device ID":                                                                                                      "设备编号多写几位",
	"a device ID (or a unique part of one) from vol sync peers, not this copy's own (to stop this laptop, keep it; to leave, stop syncing)": "vol sync peers 列出的设备编号（或其中能唯一确定的一段），不能是本副本自己的（本机不再使用就保留它；要退出就停止同步）",

	// ledger: medicine
	"a drug name (--drug NAME)": "药品名称（--drug 名称）",
	"1 or more":                 "1 或以上",
	"at least one open request (vol med list --open)":                       "至少一条未完成的配药登记（vol med list --open）",
	"an open request not planned in another open run (vol med list --open)": "未排进其他进行中批次的配药登记（vol med list --open）",
	"an open run": "进行中的配药批次",
	"an item whose outcome is not recorded yet (it is %s)": "尚未登记结果的配药项（这一项已是：%s）",
	"a card that is at home (this one is out already)":     "在家的医保卡（这张已被取走）",
	"a card that was taken (vol med cards lists them)":     "已取走的医保卡（vol med cards 可列出）",

	// ledger: merges and operations
	"replaying entry %s (%s): %w":                    "重放日志条目 %s（%s）：%w",
	"an operation on a table vol does not have (%q)": "对 vol 没有的表的操作（%q）",
	"an operation vol does not have (%q)":            "vol 没有的操作（%q）",
	"journal operations: %w":                         "日志中的操作：%w",
	"journal operations: %s: %w":                     "日志中的操作：%s：%w",
	"%s: a column vol does not have (%q)":            "%s：vol 没有的栏目（%q）",
	"%s, %s: not text":                               "%s 的%s：不是文字",
	"%s, %s: not a whole number":                     "%s 的%s：不是整数",
	"%s, %s: neither text nor empty":                 "%s 的%s：既不是文字也不是空",
	"an operation on %s without a row ID":            "对%s的操作没有记录编号",
	"a new row of %s that sets %d of its %d columns": "新增的%s记录只填了 %d 个栏目（共 %d 个）",
	"a change of %s row %s that sets nothing":        "对%s %s 的修改没有改任何内容",
	"%s of %s row %s: %w":                            "%s%s %s：%w",
	"%s row %s: %w":                                  "%s %s：%w",

	// ledger: the register
	"an elder household without a current pairing (it was paired by another command: vol pair list)": "尚未结对的长者户（已被另一条命令结对：vol pair list）",
	"a current pairing":                                                                     "现有的结对",
	"a year or year-month such as 1948 or 1948-03":                                          "年份或年月，如 1948 或 1948-03",
	"digits only, e.g. 13800138000 (spaces, dashes, +86 allowed)":                           "只写数字，如 13800138000（可带空格、短横线、+86）",
	"a phone stored as text, not a number a spreadsheet rounded; %s":                        "以文本保存的电话，而不是被表格软件改成科学计数的数字；%s",
	"an 11-digit mobile (1[3-9]…) or a landline of 7-8 digits, with its 0-area code if any": "11 位手机号（1[3-9]…）或 7-8 位固定电话（可带 0 开头的区号）",
	"a household ID (or a unique part of one), or an address such as 3号楼2单元501室 or 3-2-501": "户编号（或其中能唯一确定的一段），或地址，如 3号楼2单元501室 或 3-2-501",
	"household %s: %w":                              "户 %s：%w",
	"a whole number of hours from 1 to 1440":        "1 到 1440 的整数小时",
	"a time zone such as Asia/Shanghai (IANA name)": "时区，如 Asia/Shanghai（IANA 名称）",
	"a whole number of years from 40 to 120":        "40 到 120 的整数岁",
	"setting %s (%q): %w":                           "设置 %s（%q）：%w",
	"time zone %q: %w":                              "时区 %q：%w",
	"a household with nobody in it (it lists %d; remove or move them first)": "没有人的户（这一户登记了 %d 人；请先删除或迁出）",
	"a non-empty name":    "不能为空的姓名",
	"a birth in the past": "今天以前的出生年月",
	"an address for a %s (only property staff have none)":                  "%s须有地址（只有物业人员可以没有）",
	"one entry per (household, name, birth); %s is already listed":         "同一户、同姓名、同出生年月只能登记一次；%s 已登记",
	"an allocation that hands out at least one pack (this one gives none)": "至少发出一份的分配（这一次一份也没有）",
	"a round that is not void already":                                     "尚未作废的轮次",
	"a round that is not void":                                             "未作废的轮次",
	"a round ID, or a unique part of one, from vol rounds":                 "vol rounds 列出的轮次编号（或其中能唯一确定的一段）",

	// ledger/sheet
	"sheet: %w":                           "表格：%w",
	"file larger than %d MB":              "文件超过 %d MB",
	"unzipped workbook larger than %d MB": "工作簿解压后超过 %d MB",
	"an old-style .xls/.et workbook or a password-protected one: %w; accepted: .xlsx or CSV (save it as one of those)":                                  "旧式 .xls/.et 工作簿或有密码保护的工作簿：%w；可接受：XLSX 或 CSV（请另存为其中一种）",
	"%s: no header row naming a person column (姓名/name) among the first %d non-empty rows: %w; accepted: a header row such as 楼号,单元,室号,姓名,性别,出生年月,联系电话": "%s：前 %d 个非空行中没有含人员栏（姓名/name）的表头：%w；可接受：类似 楼号,单元,室号,姓名,性别,出生年月,联系电话 的表头",
	"the file (read as %s)": "文件（按 %s 读取）",
	"line %d, character %d: %v: %w; accepted: CSV as Excel or WPS writes it (a field with a quote, comma or line break in double quotes)":                                        "第 %d 行第 %d 个字符：%v：%w；可接受：Excel 或 WPS 写出的 CSV（含引号、逗号或换行的字段要加双引号）",
	"encoding %q: %w; accepted: utf-8, gb18030 (or gbk, gb2312), utf-16 (with a byte-order mark)":                                                                                "编码 %q：%w；可接受：utf-8、gb18030（或 gbk、gb2312）、utf-16（带字节序标记）",
	"neither UTF-8 (bytes % X at line %d, byte column %d) nor GB18030 (bytes % X at line %d, byte column %d): %w; accepted: UTF-8, GB18030/GBK or UTF-16 with a byte-order mark": "既不是 UTF-8（第 %[2]d 行第 %[3]d 字节处的字节 % [1]X）也不是 GB18030（第 %[5]d 行第 %[6]d 字节处的字节 % [4]X）：%[7]w；可接受：UTF-8、GB18030/GBK 或带字节序标记的 UTF-16",
	"no UTF-16 byte-order mark: %w; accepted: UTF-16 starting with FF FE or FE FF, or utf-16le/utf-16be":                                                                         "没有 UTF-16 字节序标记：%w；可接受：以 FF FE 或 FE FF 开头的 UTF-16，或指定 utf-16le/utf-16be",
	"line %d, byte column %d: bytes % X are not valid %s: %w":                                                                                                                    "第 %d 行第 %d 字节处：字节 % X 不是有效的 %s：%w",
	"not a readable XLSX workbook (%v): %w": "不是可读的 XLSX 工作簿（%v）：%w",
	"no sheet %q: %w; accepted: %s":         "没有工作表 %q：%w；可接受：%s",
	"sheet %q":                              "工作表 %q",
	"every sheet (%s)":                      "所有工作表（%s）",
	"sheet %q, row %d: %v: %w":              "工作表 %q 第 %d 行：%v：%w",
	"sheet %q: %v: %w":                      "工作表 %q：%v：%w",
	"line %d, column %s: %v":                "第 %d 行，%s 栏：%v",
	"line %d, column %s: %v; %v":            "第 %d 行，%s 栏：%v；%v",
	"column %s: %v":                         "%s 栏：%v",
	"%q: %w; accepted: 是/否/yes/no/Y/N/1/0/√/× or blank":                                        "%q：%w；可接受：是/否/yes/no/Y/N/1/0/√/× 或留空",
	"the same person (%s) as line %d: %w; accepted: one row per person (address, name, birth)": "与第 %[2]d 行是同一人（%[1]s）：%[3]w；可接受：每人一行（地址、姓名、出生年月）",
	"%d filled field(s) beyond the header's %d (a comma inside a cell?): %w; accepted: a row with no more fields than the header (a cell holding a comma in double quotes, as Excel writes it)": "超出表头 %[2]d 栏之外还有 %[1]d 个有内容的字段（单元格里有逗号？）：%[3]w；可接受：字段不多于表头的行（含逗号的单元格要加双引号，Excel 就是这样写的）",
	"an empty row: %w; accepted: a name, an address, or both":                                                                      "空行：%w；可接受：姓名、地址或两者都有",
	"%w; accepted: a whole number of years":                                                                                        "%w；可接受：整数岁",
	"missing: %w; accepted: an address for residents and stranded workers (only property staff have none)":                         "缺少：%w；可接受：居民和滞留人员须有地址（只有物业人员可以没有）",
	"--same-as: %d people it could be: %w; accepted: a row that is likely one person (correct the others by hand: vol person set)": "--same-as：可能是 %d 个人：%w；可接受：很可能只对应一个人的行（其余请手工修改：vol person set）",
	"the same person (%s) as line %d: %w; accepted: one row per person (household, name, birth)":                                   "与第 %[2]d 行是同一人（%[1]s）：%[3]w；可接受：每人一行（户、姓名、出生年月）",
	"sheet: table %q row %d has %d values for %d columns":                                                                          "表格：表 %q 第 %d 行有 %d 个值，但只有 %d 栏",
	"sheet: table %q has %d rows; a sheet holds %d below its title and header":                                                     "表格：表 %q 有 %d 行；一个工作表在标题和表头之下最多放 %d 行",
	"sheet: no tables to write":                                 "表格：没有要写出的表",
	"sheet: temporary folder: %w":                               "表格：临时文件夹：%w",
	"sheet: removing temporary files: %w":                       "表格：删除临时文件：%w",
	"sheet: table %q: %w":                                       "表格：表 %q：%w",
	"sheet: document properties: %w":                            "表格：文档属性：%w",
	"sheet: a table has no name":                                "表格：有一个表没有名称",
	"sheet: table name %q is longer than 31 characters":         "表格：表名 %q 超过 31 个字符",
	"sheet: table name %q contains one of []:*?/\\":             "表格：表名 %q 含有 []:*?/\\ 中的字符",
	"sheet: table name %q starts or ends with an apostrophe":    "表格：表名 %q 以单引号开头或结尾",
	"sheet: table name %q is reserved by Excel":                 "表格：表名 %q 是 Excel 保留的",
	"sheet: two tables are named %q":                            "表格：有两个表都叫 %q",
	"sheet: table %q has no columns":                            "表格：表 %q 没有栏目",
	"sheet: table %q has %d columns; a sheet holds %d":          "表格：表 %q 有 %d 栏；一个工作表最多 %d 栏",
	"sheet: table %q column %d (%q): width %g is outside 0..%d": "表格：表 %q 第 %d 栏（%q）：宽度 %g 不在 0..%d 之内",
	"sheet: title style: %w":                                    "表格：标题样式：%w",
	"sheet: header style: %w":                                   "表格：表头样式：%w",
	"sheet: text style: %w":                                     "表格：文字样式：%w",
	"sheet: writing the workbook: %w":                           "表格：写出工作簿：%w",
	"sheet: excelize wrote outside the zip stream":              "表格：工作簿写到了压缩流之外",
	"sheet: worksheet %d never came":                            "表格：第 %d 个工作表没有写出",
	"%s is over 4 GiB; split the export into smaller sheets":    "%s 超过 4 GiB；请把导出拆成几个小表",

	// ledger: sync files
	"refused: no copy of vol writes this (forged or damaged)":       "已拒绝：任何 vol 副本都不会写出这样的内容（伪造或损坏）",
	"entry %s of device %s: %s: %w":                                 "设备 %[2]s 的日志条目 %[1]s：%[3]s：%[4]w",
	"entry %s has format %d, newer than this vol (%d): upgrade vol": "日志条目 %s 的格式 %d 比本 vol 支持的（%d）新：请升级 vol",
	"entry %s: its hash does not match its contents: %w":            "日志条目 %s：哈希值与内容不符：%w",
	"format %d":                                              "格式 %d",
	"an ID that is not one vol makes":                        "vol 不会生成的编号",
	"sequence number %d (accepted: 1 to %d)":                 "序号 %d（可接受：1 到 %d）",
	"Lamport clock %d (accepted: 1 to %d)":                   "Lamport 时钟 %d（可接受：1 到 %d）",
	"a reversed or batch entry ID that is not one vol makes": "vol 不会生成的被撤销条目或批次条目编号",
	"a hash that is not SHA-256":                             "不是 SHA-256 的哈希值",
	"a signature that is not Ed25519":                        "不是 Ed25519 的签名",
	"a reference to who made it that is not one vol makes":   "vol 不会生成的操作人引用",
	"command %q": "命令 %q",
	"time %q (accepted: RFC 3339 in UTC, from the year 2000)":              "时间 %q（可接受：UTC 的 RFC 3339 格式，2000 年以后）",
	"operations that do not read (%v)":                                     "读不出的操作（%v）",
	"%d operations (accepted: at most %d)":                                 "%d 个操作（可接受：最多 %d 个）",
	"operation %q":                                                         "操作 %q",
	"a row ID of %s that is empty, too long or holds control characters":   "%s记录的编号为空、过长或含控制字符",
	"a %s of %s (rows of that table are only ever added)":                  "对%[2]s的%[1]s（这类记录只会新增）",
	"rows of %s in an entry of %q (only vol %s writes them)":               "%q 日志条目中有%s记录（只有 vol %s 会写）",
	"a change of %s that sets nothing":                                     "对%s的修改没有改任何内容",
	"a personal value's reference or keyed hash that is not one vol makes": "vol 不会生成的个人信息引用或带密钥哈希",
	"%s row %s: %v":                                                              "%s %s：%v",
	"setting %q is not one vol has":                                              "vol 没有设置项 %q",
	"%s: a reference that is not one vol makes":                                  "%s：vol 不会生成的引用",
	"%s: %d is out of bounds":                                                    "%s：%d 超出范围",
	"bytes that are not UTF-8":                                                   "不是 UTF-8 的字节",
	"not a row ID vol makes":                                                     "不是 vol 生成的记录编号",
	"an address part that is too long or holds control characters":               "地址中有一栏过长或含控制字符",
	"a sex that is not M, F or empty":                                            "性别不是 M、F 或空",
	"the round's tiers do not parse (%v)":                                        "轮次的档次读不出（%v）",
	"the reasons do not parse":                                                   "原因读不出",
	"a rule set of %d bytes (accepted: at most %d)":                              "规则有 %d 字节（可接受：最多 %d）",
	"not a date (YYYY-MM-DD) or a time (RFC 3339)":                               "不是日期（YYYY-MM-DD）也不是时间（RFC 3339）",
	"a sync mark of another device (a device records only what it holds itself)": "另一台设备的同步记录（设备只记录自己收到的）",
	"what it holds does not parse":                                               "所记内容读不出",
	"what it holds names a device or number out of bounds":                       "所记内容中的设备或序号超出范围",
	"a choice vol resolve does not take":                                         "vol resolve 不接受的选项",
	"a subject vol does not make":                                                "vol 不会生成的对象",
	"erased subjects outside an erase entry":                                     "删除对象出现在删除条目之外",
	"a whole number from %d to %d":                                               "%d 到 %d 的整数",
	"a device ID vol does not make":                                              "vol 不会生成的设备编号",
	"a public key that is not Ed25519":                                           "不是 Ed25519 的公钥",
	"a key announced for another device (a device announces only its own)":       "替另一台设备公布的密钥（设备只公布自己的）",
	"a hand-over that is not the new device's own, or not signed":                "不是新设备自己的或没有签名的交接",
	"a trust decision outside vol sync trust or an adoption":                     "不是由 vol sync trust 或接管作出的信任决定",
	"a revocation outside vol sync revoke, or of the revoking device itself":     "不是由 vol sync revoke 作出的吊销，或吊销了自己",
	"a legacy decision outside a device's setup entry":                           "出现在设备初始条目之外的旧版认可",
	"kind %q is not one vol has":                                                 "vol 没有类型 %q",
	"a decision in another device's name":                                        "以另一台设备名义作出的决定",
	"%d characters":                                                              "%d 个字符",
	"at most %d characters":                                                      "最多 %d 个字符",
	"YYYY or YYYY-MM":                                                            "YYYY 或 YYYY-MM",
	"a phone number":                                                             "电话号码",
	"sync mark of %s: %w":                                                        "%s 的同步记录：%w",
	"a device ID from vol sync peers":                                            "vol sync peers 列出的设备编号",
	"larger than vol takes":                                                      "超过 vol 接受的大小",
	"%s (raise it with %s if the file is yours and this is right)":               "%s（如果文件可信且确实这么大，可用 %s 调高）",
	"not a vol sync file (or damaged: its checksum does not match)":              "不是 vol 同步文件（或已损坏：校验和不符）",
	"the file comes from a different ledger":                                     "文件来自另一本台账",
	"the file and this ledger hold different entries under the same device and number (one of them is a restored or copied file that went on writing)": "文件与本台账在同一设备、同一序号下的日志条目不同（其中一个是恢复或复制出来后又继续写入的文件）",
	"--adopt needs a ledger that holds nothing but its own vol init":                                                                                   "--adopt 需要一本除了自己的 vol init 以外什么都没有的台账",
	"wrong passphrase (ask whoever sent the file for the one they chose)":                                                                              "口令不对（请向发文件的人要他们设的口令）",
	"--adopt needs a file with the other ledger's whole journal (vol sync export without --for)":                                                       "--adopt 需要含对方台账全部日志的文件（vol sync export 不加 --for）",
	"more than %d MB inflated": "解压后超过 %d MB",
	"at most %d MB":            "最多 %d MB",
	"sync file format %d is newer than this vol (%d): upgrade vol": "同步文件格式 %d 比本 vol 支持的（%d）新：请升级 vol",
	"%d entries":                "%d 条日志",
	"at most %d entries":        "最多 %d 条日志",
	"a file of more than %d MB": "超过 %d MB 的文件",
	"the file is encrypted: %w": "文件已加密：%w",
	"-o (%s): the folder %s does not exist; accepted: a file in an existing folder":               "-o（%s）：文件夹 %s 不存在；可接受：已有文件夹中的文件",
	"device %s: some of its entries follow others this ledger does not hold yet":                  "设备 %s：它的部分日志接在本台账还没有的日志之后",
	"device %s: the file's entries were written after its first %d entries, this ledger holds %d": "设备 %s：文件中的日志写在它的前 %d 条之后，本台账只有 %d 条",
	"device %s: this ledger holds entries up to %d, the file starts at %d":                        "设备 %s：本台账的日志到第 %d 条，文件从第 %d 条开始",
	"dry run":                                "预演",
	"%w: entries before it are missing (%s)": "%w：缺少它之前的日志（%s）",
	"%w (%s; this one is %s): nothing changed; to keep a copy of that ledger, vol init a new file and import it there with --adopt": "%w（%s；本台账是 %s）：没有任何改动；要保留那本台账的副本，请 vol init 一个新文件，再在那里用 --adopt 导入",
	"%w (this one holds %d journal entries; init a new ledger for the copy)":                                                        "%w（本台账已有 %d 条日志；请新建一本台账存放副本）",
	"%w (another command wrote to it just now; init a new ledger for the copy)":                                                     "%w（另一条命令刚刚写入过；请新建一本台账存放副本）",
	"%w: it holds no entries this ledger can take":                                                                                  "%w：其中没有本台账能接收的日志",
	"two entries under number %d":                                                "序号 %d 下有两条日志",
	"entries of this copy (device %s) it does not hold: %w":                      "它没有本副本（设备 %s）的部分日志：%w",
	"Lamport clock %d, not above its device's entry before (%d)":                 "Lamport 时钟 %d，不大于该设备上一条日志的（%d）",
	"entry %s of device %s: %w: it is unsigned: nothing changed":                 "设备 %[2]s 的日志条目 %[1]s：%[3]w：没有签名：没有任何改动",
	"entry %s of device %s: %w (forged, or damaged on the way): nothing changed": "设备 %[2]s 的日志条目 %[1]s：%[3]w（伪造或在传递中损坏）：没有任何改动",
	"Lamport clock %d, more than %d above any entry it could have followed (%d)": "Lamport 时钟 %d，比它可能接续的任何日志（%[3]d）都大了 %[2]d 以上",
	"device %s entry %d: the file holds another entry under that number, signed with the device's key (its ledger file was copied and both copies went on writing, or its key was taken): %w": "设备 %s 第 %d 条日志：文件中同一序号下是另一条用该设备密钥签名的日志（它的台账文件被复制后两份都在继续写入，或密钥被盗用）：%w",
	"device %s entry %d: %w":     "设备 %s 第 %d 条日志：%w",
	"a second key for device %s": "设备 %s 的第二个密钥",
	"signed, but no key of its device is known (its first entry, which names the key, is not in the file)":                                                                             "有签名，但不知道其设备的密钥（公布密钥的第一条日志不在文件中）",
	"entry %s of device %s: %w: it is unsigned, and past what that device wrote before keys (entry %d); if that laptop still runs a vol from before keys, upgrade it: nothing changed": "设备 %[2]s 的日志条目 %[1]s：%[3]w：没有签名，且在该设备启用密钥之前所写的日志（第 %[4]d 条）之后；如果那台电脑还在用启用密钥以前的 vol，请升级：没有任何改动",
	"device %s entry %d: not the entry its legacy decision names: %w":                                                                                                                  "设备 %s 第 %d 条日志：不是旧版认可所指的那条：%w",
	"personal value %s: subject %q is not one vol makes: %w":                                                                                                                           "个人信息 %s：对象 %q 不是 vol 生成的：%w",
	"personal value %s does not match the keyed hash its entry recorded: %w":                                                                                                           "个人信息 %s 与日志条目记录的带密钥哈希不符：%w",
	"personal value %s: %v: %w":         "个人信息 %s：%v：%w",
	"%d MB kept with this file's %d MB": "已暂存 %d MB，加上此文件 %d MB",
	"at most %d MB of files waiting; vol sync pending lists them, --drop removes one":  "等待中的文件最多 %d MB；vol sync pending 可列出，用 --drop 可删除",
	"the file's entries were added; applying the sync files kept pending stopped: %w":  "文件中的日志已加入；应用暂存的同步文件时中断：%w",
	"sync file %s kept pending does not read, so the erasure cannot reach it (%v): %w": "暂存的同步文件 %s 读不出，删除无法作用到它（%v）：%w",
	"sync file %s kept pending: %w":                                               "暂存的同步文件 %s：%w",
	"the ID of a file vol sync pending lists (or a unique start of it), or --all": "vol sync pending 列出的文件编号（或能唯一确定的开头几位），或 --all",
	"at least 4 characters of the ID":                                             "编号至少写 4 位",

	// ledger: text
	"at most %d characters, with at least one letter, and no control, direction or invisible characters": "最多 %d 个字符，至少含一个文字，不含控制、方向或不可见字符",
	"at most %d characters, and no control, direction or invisible characters":                           "最多 %d 个字符，不含控制、方向或不可见字符",
	"%s U+%04X at character %d":   "第 %[3]d 个字符是%[1]s U+%04[2]X",
	"no letter":                   "没有任何文字",
	"control character":           "控制字符",
	"direction control":           "方向控制字符",
	"invisible character":         "不可见字符",
	"replacement character":       "替换字符",
	"%d characters, more than %d": "%d 个字符，超过 %d",
	"%s U+%04X":                   "%s U+%04X",

	// ledger: undo
	"nothing left to undo: %w":                                                                 "没有可撤销的了：%w",
	"an entry ID, or a unique part of one, from vol log":                                       "vol log 列出的条目编号（或其中能唯一确定的一段）",
	"entry %s erased data (%s), which cannot come back: %w":                                    "条目 %s 删除了数据（%s），无法恢复：%w",
	"entry %s creates the ledger: %w":                                                          "条目 %s 是建立台账的：%w",
	"entry %s records a decision on devices (%s); vol sync trust and revoke make new ones: %w": "条目 %s 记录的是对设备的决定（%s）；请用 vol sync trust 或 vol sync revoke 另作决定：%w",
	"entry %s records a sync; the entries it brought are undone one by one: %w":                "条目 %s 记录的是一次同步；它带来的日志要逐条撤销：%w",
	"entry %s is already reversed: %w":                                                         "条目 %s 已被撤销：%w",
	"an operation on a table vol does not have (%q): %w":                                       "对 vol 没有的表的操作（%q）：%w",
	"person %s: %w: %w":                   "人员 %s：%w：%w",
	"%s row %s exists again: %w":          "%s %s 又存在了：%w",
	"%s row %s is gone: %w":               "%s %s 已不存在：%w",
	"%s row %s: its %s changed since: %w": "%s %s：%s 之后被改过：%w",

	// ledger: words
	"the row":                       "该记录",
	"removed":                       "已删除",
	"duplicate":                     "重复",
	"refers to a missing row":       "引用的记录不存在",
	"in use":                        "仍在使用",
	"settings":                      "设置",
	"households":                    "住户",
	"people":                        "人员",
	"rule sets":                     "分配规则",
	"rounds":                        "分配轮次",
	"round lines":                   "分配明细",
	"voided rounds":                 "作废的轮次",
	"deliveries":                    "送达记录",
	"old addresses":                 "旧地址",
	"import marks":                  "导入记录",
	"erasures":                      "删除记录",
	"pairings":                      "结对",
	"pair contacts":                 "结对联系记录",
	"medicine requests":             "配药登记",
	"medicine runs":                 "配药批次",
	"medicine run items":            "送药单",
	"medicine purges":               "配药记录清理",
	"medical cards":                 "医保卡",
	"sync marks":                    "同步记录",
	"conflict resolutions":          "冲突处理",
	"person merges":                 "人员合并",
	"erasure marks":                 "删除标记",
	"buildings":                     "楼栋",
	"deputy":                        "副楼组长",
	"phone shared":                  "电话公开",
	"duties":                        "职责",
	"building leader":               "楼组长",
	"someone other than the leader": "楼组长以外的人",
	"a building a registered household is in": "有已登记住户的楼栋",
	"one of %s, with its area":                "%s 之一，并写明片区",
	"device trust":                            "设备信任",
	"erased subjects":                         "已删除对象",
	"conflicts":                               "冲突",
	"journal":                                 "日志",
	"value":                                   "值",
	"area":                                    "分区",
	"building":                                "楼号",
	"unit":                                    "单元",
	"room":                                    "室号",
	"name":                                    "姓名",
	"birth":                                   "出生年月",
	"sex":                                     "性别",
	"phone":                                   "电话",
	"role":                                    "身份",
	"present":                                 "在住",
	"volunteer":                               "志愿者",
	"notes":                                   "备注",
	"skills":                                  "技能",
	"needs":                                   "需求",
	"emergency contact":                       "紧急联系人",
	"date":                                    "日期",
	"item":                                    "物资",
	"packs":                                   "份数",
	"basis":                                   "计算依据",
	"packs given":                             "发出份数",
	"packs kept":                              "留存份数",
	"tiers":                                   "档次",
	"tier":                                    "档次",
	"recipient":                               "领取人",
	"position":                                "排位",
	"claimants":                               "符合人数",
	"packs before":                            "此前已得份数",
	"age":                                     "年龄",
	"size":                                    "人数",
	"packs left before":                       "此前剩余份数",
	"reason":                                  "原因",
	"by":                                      "经手人",
	"source file":                             "来源文件",
	"line":                                    "行号",
	"time":                                    "时间",
	"fields":                                  "字段",
	"elder household":                         "长者户",
	"since":                                   "起始日期",
	"reasons":                                 "理由",
	"ended":                                   "结束日期",
	"note":                                    "备注",
	"drug":                                    "药品",
	"urgent":                                  "加急",
	"requested":                               "登记时间",
	"status":                                  "状态",
	"quantity":                                "数量",
	"closed":                                  "结束时间",
	"planned":                                 "已排入",
	"hospital":                                "医院",
	"run":                                     "配药批次",
	"request":                                 "配药登记",
	"outcome":                                 "结果",
	"cutoff":                                  "截止日期",
	"requests":                                "登记数",
	"taken":                                   "取走时间",
	"returned":                                "归还时间",
	"device":                                  "设备",
	"entries held":                            "已有日志",
	"choice":                                  "选择",
	"merged into":                             "合并到",
	"salt":                                    "盐值",
	"keyed hash":                              "带密钥哈希",
	"kind":                                    "类型",
	"public key":                              "公钥",
	"voucher":                                 "担保设备",
	"signature":                               "签名",
	"hash":                                    "哈希值",
	"erasure":                                 "删除记录",
	"number":                                  "序号",
	"resident":                                "居民",
	"property staff":                          "物业人员",
	"stranded worker":                         "滞留人员",
	"insert":                                  "新增",
	"update":                                  "修改",
	"delete":                                  "删除",
	"got":                                     "已配到",
	"not found at the hospital":               "医院没有配到",
}
