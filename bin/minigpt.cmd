@echo off
rem Runs the minigpt command line on Windows, as bin/minigpt does elsewhere: from an unpacked
rem distribution (lib\ beside bin\) or from a checkout (build it once first: mvnw.cmd -q package -DskipTests).
rem JAVA_HOME picks the JDK (17+); MINIGPT_JAVA_OPTS passes options to the JVM (e.g. -Xmx2g).
rem Plugin jars dropped into plugins\ here are loaded too (or name a folder with --plugins DIR).
setlocal
set "ROOT=%~dp0.."
for %%I in ("%ROOT%") do set "ROOT=%%~fI"
if exist "%ROOT%\lib\" (
  set "CLASSPATH=%ROOT%\lib\*"
) else (
  if not exist "%ROOT%\minigpt-cli\target\minigpt-cli.jar" (
    echo minigpt: not built yet; run mvnw.cmd -q package -DskipTests in %ROOT% first 1>&2
    exit /b 2
  )
  set "CLASSPATH=%ROOT%\minigpt-cli\target\minigpt-cli.jar;%ROOT%\minigpt-cli\target\lib\*"
)
rem The studio (minigpt studio) is a command plugin: on the class path when it has been built.
if not exist "%ROOT%\lib\" if exist "%ROOT%\minigpt-studio\target\minigpt-studio.jar" (
  set "CLASSPATH=%CLASSPATH%;%ROOT%\minigpt-studio\target\minigpt-studio.jar;%ROOT%\minigpt-studio\target\lib\*"
)
rem So is the OpenAI-compatible server (minigpt serve); its libraries beyond the CLI's (the HTTP layer) are in its lib\.
if not exist "%ROOT%\lib\" if exist "%ROOT%\minigpt-serve\target\minigpt-serve.jar" (
  set "CLASSPATH=%CLASSPATH%;%ROOT%\minigpt-serve\target\minigpt-serve.jar;%ROOT%\minigpt-serve\target\lib\*"
)
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
rem ND4J's arrays live outside the Java heap: as bin/minigpt, the native budget is a share of this machine's memory.
set "MEMORY_MB="
for /f "usebackq delims=" %%M in (`powershell -NoProfile -Command "[math]::Floor((Get-CimInstance Win32_ComputerSystem).TotalPhysicalMemory / 1MB)" 2^>nul`) do set "MEMORY_MB=%%M"
if not defined MEMORY_MB set "MEMORY_MB=4096"
set /a NATIVE_MB=MEMORY_MB*60/100
set /a PHYSICAL_MB=MEMORY_MB*75/100
set "MEMORY_OPTS=-Xmx512m -Dorg.bytedeco.javacpp.maxbytes=%NATIVE_MB%m -Dorg.bytedeco.javacpp.maxphysicalbytes=%PHYSICAL_MB%m"
rem prepare makes a short-lived string per word: the throughput collector encodes faster than G1 (docs/corpora.md).
if "%~1"=="prepare" set "MEMORY_OPTS=%MEMORY_OPTS% -XX:+UseParallelGC"
rem One native thread suits the default model's small ops; set OMP_NUM_THREADS for larger models.
if not defined OMP_NUM_THREADS set "OMP_NUM_THREADS=1"
"%JAVA%" %MEMORY_OPTS% "-Dminigpt.plugins=%ROOT%\plugins" %MINIGPT_JAVA_OPTS% -cp "%CLASSPATH%" org.minigpt.cli.Main %*
exit /b %ERRORLEVEL%
