// Las palabras de la línea de órdenes, en español.
import type { CliMessageKey } from './cli-en';

export const cliEs: Record<CliMessageKey, string> = {
  'cli.description':
    'Vigila las tareas de flujo de trabajo pendientes en UiPath, Twinit workflowsvc, Maxsight y GeoTareas.',
  'cli.opt.verbose': 'registrar las peticiones (con los secretos ocultos) en stderr',
  'cli.opt.lang': 'el idioma de los mensajes: en o es (por defecto: según LANG)',
  'cli.opt.account': 'solo esta cuenta',
  'cli.opt.jsonTasks': 'mostrar las tareas en JSON',
  'cli.opt.jsonTask': 'mostrar la tarea en JSON',
  'cli.opt.jsonThem': 'mostrarlos en JSON',
  'cli.opt.result': 'el código de resultado (véase `tasktray show <id>`)',
  'cli.opt.field': 'un campo del formulario; repítelo para cada uno',
  'cli.opt.comment': 'un comentario para el proveedor',
  'cli.opt.user': 'el id, en el proveedor, del usuario que la recibe',
  'cli.opt.group': 'el id, en el proveedor, del grupo que la recibe',
  'cli.opt.distribution': 'cómo la reparte un grupo (UiPath)',
  'cli.opt.add': 'añadir este comentario',
  'cli.opt.noNotify': 'no enviar notificaciones de escritorio',
  'cli.opt.pace': 'a qué ritmo avanza el escenario',
  'cli.arg.id': 'el id de la tarea',
  'cli.arg.listedId': 'el id de la tarea, tal como lo muestra `tasktray list`',
  'cli.arg.account': 'el id de la cuenta',
  'cli.arg.secretName': 'qué secreto',
  'cli.cmd.list': 'listar las tareas abiertas de todas las cuentas',
  'cli.cmd.show': 'mostrar una tarea con todo lo que dice su proveedor',
  'cli.cmd.complete': 'completar una tarea',
  'cli.cmd.reassign': 'reasignar una tarea a otro usuario o grupo',
  'cli.cmd.claim': 'tomar una tarea sin asignar (UiPath)',
  'cli.cmd.release': 'devolver una tarea tomada a las tareas sin asignar (UiPath)',
  'cli.cmd.assignees': 'listar los usuarios y grupos a los que se puede reasignar una tarea',
  'cli.cmd.comments': 'mostrar los comentarios de una tarea, o añadir uno con --add',
  'cli.cmd.watch': 'vigilar todas las cuentas e imprimir cada aviso como una línea JSON',
  'cli.cmd.demo':
    'arrancar el simulador de proveedores con el escenario de demostración y vigilarlo',
  'cli.cmd.secret': 'guardar los secretos de una cuenta en el llavero del sistema',
  'cli.cmd.secretSet': 'guardar un secreto, leído de la entrada estándar',
  'cli.cmd.secretDelete': 'quitar un secreto del llavero',
  'cli.cmd.signin': 'iniciar sesión en una cuenta desde el navegador (cuentas OAuth)',
  'cli.cmd.accounts':
    'listar las cuentas configuradas y lo que está mal en el archivo de configuración',
  'cli.helpAfterError': '(ejecuta `tasktray --help` para ver el uso)',
  'cli.fixConfigFirst':
    'Corrige primero {path} ({count, plural, one {el problema indicado} other {los # problemas indicados}} arriba).',
  'cli.noAccounts':
    'No hay cuentas configuradas. Añádelas a {path} (véase el README), o prueba `tasktray demo`.',
  'cli.stateUnreadable':
    'el estado guardado "{key}" no se podía leer ({problem}); se ha apartado como "{keptAs}".',
  'cli.legacyImported':
    'se {count, plural, one {ha importado # finalización o reasignación pendiente} other {han importado # finalizaciones y reasignaciones pendientes}} del antiguo archivo de estado {path}; se conserva como {movedTo}.',
  'cli.legacyUnreadable':
    'el antiguo archivo de estado {path} no se podía leer ({problem}); no se ha importado nada de él y se conserva como {keptAs}.',
  'cli.slowDown': '{vendor} nos ha pedido que vayamos más despacio.',
  'cli.tryAgainMinute': '{message} Vuelve a intentarlo dentro de un minuto.',
  'cli.tryAgainIn': '{message} Vuelve a intentarlo dentro de {seconds} s.',
  'cli.requestId': '(id de petición {id})',
  'cli.waitingForVendor':
    '{label}: el proveedor ha pedido esperar {seconds} s antes de la siguiente petición; esperando (Ctrl-C para parar)…',
  'cli.notTaskId':
    '"{id}" no es un id de tarea: los ids tienen la forma <cuenta>:<id del proveedor>, como los muestra `tasktray list`.',
  'cli.unknownAccountInId':
    '"{id}" nombra una cuenta "{account}" que no está configurada. Cuentas: {accounts}.',
  'cli.unknownAccount': 'No hay ninguna cuenta "{account}". Cuentas: {accounts}.',
  'cli.deliveredCompletion': 'se ha entregado la finalización pendiente de “{title}” ({id}).',
  'cli.deliveredReassignment': 'se ha entregado la reasignación pendiente de “{title}” ({id}).',
  'cli.refusedCompletion':
    '{id}: se ha rechazado la finalización pendiente de “{title}” — {reason}',
  'cli.refusedReassignment':
    '{id}: se ha rechazado la reasignación pendiente de “{title}” — {reason}',
  'cli.noReason': 'sin motivo indicado',
  'cli.notSentYet':
    'Aún no se ha enviado ({why}); se conserva, y `tasktray watch` lo envía cuando el proveedor lo permita.',
  'cli.waiting': 'en espera',
  'cli.refused': 'Rechazado.',
  'cli.nothingKept':
    'No se ha guardado nada: el formulario de esta tarea nunca se ha leído, así que no se puede comprobar la finalización. Vuelve a intentarlo cuando se pueda contactar con el proveedor.',
  'cli.checkingLastRead': '{message} Se comprueba con la tarea tal como se leyó la última vez.',
  'cli.fieldExpected': 'se esperaba nombre=valor, p. ej. --field email=a@b.co',
  'cli.fieldNotNumber': '--field {name}: "{value}" no es un número.',
  'cli.fieldNotBoolean': '--field {name}: "{value}" no es true ni false.',
  'cli.fieldNoEquals': '--field espera nombre=valor, y se ha recibido "{value}".',
  'cli.fieldUnknown': 'Esta tarea no tiene ningún campo "{name}". Sus campos: {fields}.',
  'cli.accountsFailed':
    '{count, plural, one {No se ha podido leer # cuenta.} other {No se han podido leer # cuentas.}}',
  'cli.completed': 'Completada “{title}”.',
  'cli.userOrGroup': 'Indica exactamente uno de --user <id> o --group <id>.',
  'cli.reassignedUser': 'Reasignada “{title}” al usuario {id}.',
  'cli.reassignedGroup': 'Reasignada “{title}” al grupo {id}.',
  'cli.claimed': 'Tomada “{title}”.',
  'cli.released': 'Devuelta “{title}”.',
  'cli.commented': 'Comentado: {text}',
  'cli.someone': 'alguien',
  'cli.demoAt': 'simulador de demostración en {origin} (Ctrl-C para parar)',
  'cli.demoControl':
    'su API de control está en {url}, con la cabecera "Authorization: Bearer {token}"',
  'cli.noSecretOnStdin':
    'No hay ningún secreto en la entrada estándar. Ejemplo: printf %s "$TOKEN" | tasktray secret set acme apiKey',
  'cli.secretNoAccount':
    'No hay ninguna cuenta "{account}" en {path}: añádela allí primero, para que el secreto se guarde para su host.',
  'cli.secretStored': 'Guardado {name} de {account} en el llavero, para {origins}.',
  'cli.secretRemoved': 'Quitado {name} de {account}.',
  'cli.howToSetSecret':
    'Para dar a Tasktray el {name}: `tasktray secret set {account} {name}` (lo lee de la entrada estándar), o define {variable}.',
  'cli.signedIn': 'Sesión iniciada.',
  'cli.signedInAs': 'Sesión iniciada como {name}.',
  'cli.configPath': 'Configuración: {path}',
  'cli.noAccountsListed': '(ninguna cuenta)',
  'cli.configHasProblems': 'El archivo de configuración tiene problemas.',
  'cli.notifyUnavailable':
    'las notificaciones de escritorio no están disponibles ({reason}); los avisos solo se imprimen.',
  'cli.browserFailed':
    'No se ha podido abrir un navegador ({reason}). Abre tú mismo esta dirección: {url}',
  'cli.config.unreadable': 'No se ha podido leer {path}: {reason}',
  'cli.config.notJson':
    '{path} no es JSON válido ({reason}). No se lee ninguna cuenta de él hasta que se corrija.',
  'cli.config.notJsonAt':
    '{path} no es JSON válido en la línea {line}, columna {column} ({reason}). No se lee ninguna cuenta de él hasta que se corrija.',
  'cli.config.notObject': '{path} debe contener un objeto JSON, como {example}.',
  'cli.config.unknownKeySuggest':
    '{key} no es un ajuste que Tasktray conozca: ¿querías decir "{suggestion}"?',
  'cli.config.unknownKey':
    '{key} no es un ajuste que Tasktray conozca; los ajustes aquí son {known}.',
  'cli.config.secrets': '{paths}: los secretos no van en el archivo de configuración.',
  'cli.config.accountSecrets':
    '{where} tiene {keys}: los secretos no van en el archivo de configuración. Quítalos y ejecuta `tasktray secret set {id} <name>`.',
  'cli.config.accountsNotList': 'accounts debe ser una lista: {example}.',
  'cli.config.idTwice': '{where}: el id "{id}" se usa dos veces.',
  'cli.config.wholeAccount': '(cuenta)',
  'cli.problem.required': 'es obligatorio',
  'cli.problem.id':
    'usa letras minúsculas, dígitos y guiones (hasta 63), empezando por una letra o un dígito',
  'cli.problem.email': 'debe ser una dirección de correo como ana@example.com',
  'cli.problem.timeZone': 'debe ser una zona horaria IANA como Europe/Madrid',
  'cli.problem.url': 'debe ser una dirección completa que empiece por https://',
  'cli.problem.https':
    'debe ser una URL https (http sin cifrar solo en la dirección local de este equipo)',
  'cli.problem.credentialsInUrl':
    'no debe contener un nombre de usuario ni una contraseña; los secretos van en sus propios campos',
  'cli.problem.positiveInteger': 'debe ser un número entero mayor que 0',
  'cli.problem.positiveNumber': 'debe ser un número mayor que 0',
  'cli.problem.vendor': 'debe ser uno de uipath, workflowsvc, maxsight, geotareas',
  'cli.opt.help': 'mostrar la ayuda de la orden',
  'cli.cmd.help': 'mostrar la ayuda de la orden',
  'cli.help.usage': 'Uso:',
  'cli.help.options': 'Opciones:',
  'cli.help.commands': 'Órdenes:',
  'cli.help.arguments': 'Argumentos:',
  'cli.help.choices': 'valores',
  'cli.help.default': 'por defecto',
  'cli.err.unknownOption': "error: opción desconocida '{option}'",
  'cli.err.unknownCommand': "error: orden desconocida '{command}'",
  'cli.err.missingArgument': "error: falta el argumento obligatorio '{argument}'",
  'cli.err.optionValueMissing': "error: falta el valor de la opción '{option}'",
  'cli.err.optionInvalid': "error: el valor '{value}' de la opción '{option}' no es válido.",
  'cli.err.argumentInvalid': "error: el valor '{value}' del argumento '{argument}' no es válido.",
  'cli.err.tooManyArguments':
    'error: demasiados argumentos. {expected, plural, one {Se esperaba # argumento} other {Se esperaban # argumentos}} y se han recibido {got}.',
  'cli.err.choices': 'Valores permitidos: {choices}.',
  'cli.err.didYouMean': '(¿Querías decir {name}?)',
  'cli.table.none': 'No hay tareas abiertas.',
  'cli.table.id': 'ID',
  'cli.table.vendor': 'PROVEEDOR',
  'cli.table.title': 'TÍTULO',
  'cli.table.due': 'VENCE',
  'cli.flag.overdue': 'VENCIDA',
  'cli.flag.escalated': 'ESCALADA',
  'cli.detail.id': 'id',
  'cli.detail.vendor': 'proveedor',
  'cli.detail.workflow': 'flujo',
  'cli.detail.step': 'paso',
  'cli.detail.status': 'estado',
  'cli.detail.priority': 'prioridad',
  'cli.detail.due': 'vence',
  'cli.detail.flags': 'marcas',
  'cli.detail.assignee': 'asignada a',
  'cli.detail.group': 'grupo',
  'cli.detail.entity': 'entidad',
  'cli.detail.link': 'enlace',
  'cli.detail.cannotComplete': 'No se puede completar aquí: {reason}',
  'cli.detail.results': 'Resultados (--result):',
  'cli.detail.fields': 'Campos (--field nombre=valor):',
  'cli.detail.required': ', obligatorio',
  'cli.detail.earlier': 'Antes: {step} — {result} por {by} el {at}',
  'cli.detail.log': 'Registro:',
  // tasktray complete sobre una tarea sin asignar (shared/assignment.ts).
  'cli.opt.claim':
    'tomar la tarea primero si nadie la tiene (UiPath solo deja completarla a quien la tiene asignada)',
  'cli.claimFirst':
    '«{title}» no tiene a nadie asignado todavía, y {vendor} solo deja completarla a quien la tiene asignada: tómela primero con `tasktray claim {id}`, o añada --claim.',
};
