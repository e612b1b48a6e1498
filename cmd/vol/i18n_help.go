package main

func init() {
	addWords(catalogue{
		"help.unknown": {"help topic (%s): want a command of vol (vol help lists them)", "帮助主题（%s）：没有这个命令（vol help 列出全部命令）"},
	})
}
