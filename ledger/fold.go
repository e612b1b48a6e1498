package ledger

import "strings"

// foldPairs lists traditional characters, each followed by its simplified
// form: the register's header words (樓號, 單元, 聯繫電話, 志願者, 緊急聯絡人,
// 身份證號碼, 備註, 年齡 ...), the words of its values (物業人員, 滯留裝修工人,
// 住戶, 獨居, 雙職工 ...) and common skills and needs (醫護, 駕駛, 翻譯, 外語
// ...). It is deliberately small and explicit: only characters whose
// simplification is unambiguous are listed.
const foldPairs = "" +
	// addresses
	"樓楼號号棟栋單单門门區区戶户間间層层鄰邻" +
	// header words
	"聯联繫系係系電电話话願愿誌志員员別别備备註注緊紧絡络證证証证碼码齡龄歲岁" +
	"類类機机態态況况齊齐屬属關关親亲資资訊讯" +
	// roles and values
	"業业務务滯滞裝装獨独雙双純纯長长過过誰谁職职無无對对錯错實实際际" +
	"維维護护師师廚厨團团隊队組组導导運运輸输車车開开貨货網网購购買买賣卖給给發发" +
	// skills and needs
	"醫医駕驾駛驶譯译語语診诊療疗衛卫營营養养藥药輪轮臥卧聽听視视礙碍腦脑臟脏" +
	"氣气飲饮飯饭麵面魚鱼雞鸡嬰婴兒儿褲裤紙纸婦妇殘残腎肾壓压癥症體体溫温測测檢检採采樣样" +
	"計计經经驗验針针輔辅義义書书寫写畫画讀读學学習习歷历" +
	// common function words
	"後后於于與与為为爲为這这個个們们來来國国東东華华凱凯會会時时"

var foldTable = func() map[rune]rune {
	m := map[rune]rune{}
	rs := []rune(foldPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

// Fold turns the traditional characters of a register's headers and values
// (樓號, 單元, 聯繫電話, 志願者, 物業人員 ...) into their simplified forms and
// leaves every other character as it is. It is for headers and for values
// read as words (roles, yes/no, skills, needs), never for names.
func Fold(s string) string {
	if !needsFold(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if f, ok := foldTable[r]; ok {
			return f
		}
		return r
	}, s)
}

func needsFold(s string) bool {
	for _, r := range s {
		if _, ok := foldTable[r]; ok {
			return true
		}
	}
	return false
}
