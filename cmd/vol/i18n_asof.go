package main

// Words of figures as of a day: vol status --as-of (issue 20, item 1).
func init() {
	addWords(catalogue{
		"s.as_of":     {"as the journal has them at the end of %s (open conflicts and sync files: today's)", "按日志还原的 %s 当天结束时的数字（待处理冲突和等待中的同步文件为今天的）"},
		"asof.accept": {"a day from %s (the ledger's first entry) to %s (today), as YYYY-MM-DD", "%s（台账第一条记录的日期）到 %s（今天）之间的日期，格式 YYYY-MM-DD"},
		"asof.on":     {"the same day as --as-of (%s), or no --on", "与 --as-of 相同的日期（%s），或不给 --on"},
	})
}
