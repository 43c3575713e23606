"""«Oppfølging»: the follow-up list, its editor, the reminder and the window's actions."""
