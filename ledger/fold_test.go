package ledger

import (
	"testing"
)

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"樓號", "楼号"},
		{"單元", "单元"},
		{"室號", "室号"},
		{"門牌號", "门牌号"},
		{"聯繫電話", "联系电话"},
		{"聯係電話", "联系电话"},
		{"志願者", "志愿者"},
		{"是否志願者", "是否志愿者"},
		{"緊急聯絡人", "紧急联络人"},
		{"身份證號碼", "身份证号码"},
		{"性別", "性别"},
		{"備註", "备注"},
		{"年齡", "年龄"},
		{"人員類別", "人员类别"},
		{"物業人員", "物业人员"},
		{"滯留裝修工人", "滞留装修工人"},
		{"住戶", "住户"},
		{"獨居老人", "独居老人"},
		{"雙職工", "双职工"},
		{"純老", "纯老"},
		{"長期臥床", "长期卧床"},
		{"80歲", "80岁"},
		{"業務", "业务"},
		{"過敏", "过敏"},
		{"醫護、駕駛、翻譯、外語", "医护、驾驶、翻译、外语"},
		{"誰", "谁"},
		{"A區3棟", "A区3栋"},
		// Simplified text, digits and Latin letters stay as they are.
		{"楼号 unit 501 张三", "楼号 unit 501 张三"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFoldCovers checks the characters the register's words need: none is
// left traditional (the sheet package checks its header aliases).
func TestFoldCovers(t *testing.T) {
	t.Parallel()
	const required = "樓號棟單門區聯繫電話願誰職業員滯裝戶別備註緊絡證號碼齡長獨雙純歲業務過醫護駕駛譯語"
	for _, r := range required {
		if Fold(string(r)) == string(r) {
			t.Errorf("Fold leaves %q as it is", r)
		}
	}
}

func TestFoldTable(t *testing.T) {
	t.Parallel()
	rs := []rune(foldPairs)
	if len(rs)%2 != 0 {
		t.Fatalf("foldPairs has an odd number of characters (%d)", len(rs))
	}
	seen := map[rune]bool{}
	for i := 0; i < len(rs); i += 2 {
		trad := rs[i]
		if trad == rs[i+1] {
			t.Errorf("%q maps to itself", trad)
		}
		if seen[trad] {
			t.Errorf("%q is listed twice", trad)
		}
		seen[trad] = true
	}
	// Folding is idempotent: no simplified form is itself folded.
	for trad, simp := range foldTable {
		if f, ok := foldTable[simp]; ok {
			t.Errorf("%q folds to %q, which folds again to %q", trad, simp, f)
		}
	}
}
