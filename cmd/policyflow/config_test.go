package main

import (
	"strings"
	"testing"
)

// WEBHOOK_ALLOW_PRIVATE is off unless set to exactly 1; anything else is a
// mistake worth stopping for, not a silent "on".
func TestWebhookAllowPrivateSetting(t *testing.T) {
	for _, tt := range []struct {
		value string
		on    bool
		err   bool
	}{
		{value: ""},
		{value: "0"},
		{value: "1", on: true},
		{value: "true", err: true},
		{value: "yes", err: true},
	} {
		cfg, err := loadConfig(func(k string) string {
			if k == "WEBHOOK_ALLOW_PRIVATE" {
				return tt.value
			}
			return ""
		})
		if tt.err {
			if err == nil || !strings.Contains(err.Error(), "WEBHOOK_ALLOW_PRIVATE") {
				t.Errorf("WEBHOOK_ALLOW_PRIVATE=%q: err %v, want one naming the variable", tt.value, err)
			}
			continue
		}
		if err != nil || cfg.WebhookAllowPrivate != tt.on {
			t.Errorf("WEBHOOK_ALLOW_PRIVATE=%q: %v, %v; want %v", tt.value, cfg.WebhookAllowPrivate, err, tt.on)
		}
	}
}
