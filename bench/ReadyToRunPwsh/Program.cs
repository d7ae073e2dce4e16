// Only the project file matters (see ReadyToRunPwsh.csproj).
return 0;
