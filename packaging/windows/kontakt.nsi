; NSIS script: the Windows setup program Kontakt-VERSION-setup.exe, made from
; the PyInstaller bundle (kontakt.spec) by packaging/windows/build.sh, which
; `./dev.sh bundle-windows` runs on Linux (makensis from Debian's nsis):
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DBUNDLE=dist/windows/kontakt \
;            -DICON=build/windows/pyinstaller/kontakt/icons/kontakt.ico \
;            -DOUTFILE=dist/windows/Kontakt-0.1.0-setup.exe packaging/windows/kontakt.nsi
;
; For one user, without administrator rights (a volunteer's laptop): installs
; into %LOCALAPPDATA%\Programs\Kontakt, a Start-menu entry with the icon, and
; an uninstaller listed under Apps / Add or remove programs (per user, HKCU).
; The user's data is never touched: the database, its backups and the settings
; live in %APPDATA%\Kontakt, which the uninstaller leaves in place and says so.
; Silent use: Kontakt-VERSION-setup.exe /S [/D=folder]; Avinstaller.exe /S.

!ifndef VERSION | VERSION4 | BUNDLE | ICON | OUTFILE
  !error "Oppgi VERSION, VERSION4, BUNDLE, ICON og OUTFILE (se packaging/windows/build.sh)"
!endif

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!define APP "Kontakt"
!define PUBLISHER "SVs helsepolitiske nettverk"
!define UNINSTALLER "Avinstaller.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Kontakt"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Kontakt"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "Installasjon av ${APP}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT-lisens"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TEXT "Dette installerer ${APP} ${VERSION}, kontaktlisten og utsendelsene \
  for SVs helsepolitiske nettverk, for deg som bruker denne datamaskinen.$\r$\n$\r$\n\
  Du trenger ikke administratorrettigheter. Har du en eldre versjon, blir den erstattet; \
  databasen din blir ikke rørt."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\kontakt.exe"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "${APP} fjernes fra datamaskinen. Databasen, \
  sikkerhetskopiene og innstillingene dine i $APPDATA\Kontakt blir liggende og slettes ikke."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "${APP} er fjernet fra datamaskinen.$\r$\n$\r$\n\
  Databasen og sikkerhetskopiene dine ligger fortsatt i $APPDATA\Kontakt. \
  Installerer du ${APP} igjen, åpnes de som før. Vil du fjerne dem, \
  sletter du den mappen selv."
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "Norwegian"

Section "Kontakt" SecMain
  SectionIn RO
  SetShellVarContext current
  ; An update replaces the bundle as a whole: no libraries left from the last version.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\kontakt.exe" "" "$INSTDIR\kontakt.exe" 0 \
    SW_SHOWNORMAL "" "Kontaktliste og utsendelser"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\kontakt.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the installer put there: a folder the user chose may hold other files.
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$INSTDIR\kontakt.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DetailPrint "Databasen og sikkerhetskopiene i $APPDATA\Kontakt er ikke slettet."
SectionEnd
