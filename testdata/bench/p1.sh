# P1 placeholder
