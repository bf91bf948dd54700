# Clean: non-ASCII text is fine with a UTF-8 BOM: Grüße, 恢复分区
﻿Write-Output "Grüße"
