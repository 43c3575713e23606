; Inno Setup script: turns the PyInstaller bundle (dist\kontakt) into
; dist\kontakt-VERSION-oppsett.exe, with a start-menu entry and an uninstaller.
; Build on Windows from the repository root, after `pyinstaller kontakt.spec`:
;   iscc /DAppVersion=0.1.0 packaging\windows\kontakt.iss
; (the version is kontakt.__version__; see README, "Installasjonspakker").
; Installs per user by default (no administrator needed); the database in
; %APPDATA%\Kontakt is never touched by installing or uninstalling.

#ifndef AppVersion
  #error Oppgi versjonen: iscc /DAppVersion=X.Y.Z packaging\windows\kontakt.iss
#endif

[Setup]
AppId={{5B0C9E61-2F4D-4C7A-9E1B-6A3D8F0C2B47}
AppName=Kontakt
AppVersion={#AppVersion}
AppVerName=Kontakt {#AppVersion}
AppPublisher=SVs helsepolitiske nettverk
DefaultDirName={autopf}\Kontakt
DefaultGroupName=Kontakt
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=kontakt-{#AppVersion}-oppsett
SetupIconFile=build\kontakt\icons\kontakt.ico
UninstallDisplayIcon={app}\kontakt.exe
UninstallDisplayName=Kontakt
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "norsk"; MessagesFile: "compiler:Languages\Norwegian.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\kontakt\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the bundle as a whole: no stale libraries from the last version.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Kontakt"; Filename: "{app}\kontakt.exe"; Comment: "Kontaktliste og utsendelser"
Name: "{group}\{cm:UninstallProgram,Kontakt}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Kontakt"; Filename: "{app}\kontakt.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\kontakt.exe"; Description: "{cm:LaunchProgram,Kontakt}"; Flags: nowait postinstall skipifsilent
