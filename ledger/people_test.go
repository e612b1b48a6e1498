package ledger

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseBirth(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"1948", "1948"},
		{"1948-03", "1948-03"},
		{"1948.3", "1948-03"},
		{"1948/03/15", "1948-03"},
		{"1948年3月", "1948-03"},
		{"1948年3月15日", "1948-03"},
		{"1980-03-15 00:00", "1980-03"},
		{"194803", "1948-03"},
		{"１９４８－０３", "1948-03"},
		{"110101194803154312", "1948-03"},
		{"11010119480315431x", "1948-03"},
	}
	for _, tt := range tests {
		got, err := ParseBirth(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseBirth(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"yesterday", "1948-13", "1848", "48-03", "19480"} {
		if got, err := ParseBirth(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseBirth(%q) = %q, %v; want ErrInvalid", bad, got, err)
		}
	}
}

func TestAge(t *testing.T) {
	t.Parallel()
	on := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		birth string
		want  int
	}{{"1966", 60}, {"1966-03", 60}, {"1966-04", 59}, {"", -1}, {"x", -1},
		// Months ParseBirth never gives read as elderSQL reads them.
		{"1966-xx", 60}, {"1966-13", 59}, {"1966-00", 60}}
	for _, tt := range tests {
		if got := Age(tt.birth, on); got != tt.want {
			t.Errorf("Age(%q) = %d, want %d", tt.birth, got, tt.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"13912345678", "13912345678"},
		{"139 1234 5678", "13912345678"},
		{"139-1234-5678", "13912345678"},
		{"+86 139 1234 5678", "13912345678"},
		{"１３９１２３４５６７８", "13912345678"},
		{"", ""},
	}
	for _, tt := range tests {
		if got, err := NormalizePhone(tt.in); err != nil || got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"1.38001380E10", "13800138000.0", "139abc", "12"} {
		_, err := NormalizePhone(bad)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("NormalizePhone(%q): %v, want ErrInvalid", bad, err)
		}
		if err != nil && len(bad) > 7 && strings.Contains(err.Error(), bad) {
			t.Errorf("NormalizePhone(%q): the error repeats the number: %v", bad, err)
		}
	}
}

func TestParseRoleAndSex(t *testing.T) {
	t.Parallel()
	roles := map[string]Role{"": RoleResident, "居民": RoleResident, "物业人员": RolePropertyStaff, "物業人員": RolePropertyStaff,
		"property staff": RolePropertyStaff, "装修工人": RoleStrandedWorker, "滯留人員": RoleStrandedWorker, "stranded worker": RoleStrandedWorker}
	for in, want := range roles {
		if got, err := ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseRole("老板"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseRole(老板): %v, want ErrInvalid", err)
	}
	for in, want := range map[string]string{"男": "M", "女": "F", "m": "M", "Female": "F", "": ""} {
		if got, err := ParseSex(in); err != nil || got != want {
			t.Errorf("ParseSex(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestSplitTagsAndMasks(t *testing.T) {
	t.Parallel()
	if got, want := SplitTags("医生、司机，医生 上海话/英语;翻译"), []string{"上海话", "医生", "司机", "翻译", "英语"}; !slices.Equal(got, want) {
		t.Errorf("SplitTags = %q, want %q", got, want)
	}
	for in, want := range map[string]string{"张三丰": "张**", "王": "王*", "": ""} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := MaskPhone("13812341234"); got != "138****1234" {
		t.Errorf("MaskPhone = %q", got)
	}
	if got := MaskBirth("1948-03"); got != "1948" {
		t.Errorf("MaskBirth = %q", got)
	}
}
