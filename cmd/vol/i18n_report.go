package main

// Words of vol report (issue 21): the day's signed report to the street
// office.
func init() {
	addWords(catalogue{
		"report.written": {"report written to %s: the day %s, signed by this copy's key %s", "报表已写入 %s：%s 这一天，用本副本的密钥 %s 签名"},
	})
}
